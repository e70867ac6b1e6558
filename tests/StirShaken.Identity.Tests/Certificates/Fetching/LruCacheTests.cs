using StirShaken.Identity.Certificates.Fetching;

namespace StirShaken.Identity.Tests.Certificates.Fetching;

/// <summary>The one bounded LRU cache and single-flight shared by the x5u cache and the CRL checker.</summary>
public class LruCacheTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);

    [Test]
    public void Capacity_bounds_the_entries_and_evicts_the_least_recently_used()
    {
        var cache = new LruCache<string>(2);
        cache.Set("a", "A", Now.AddHours(1));
        cache.Set("b", "B", Now.AddHours(1));
        Assert.That(cache.TryGet("a", Now, out _), Is.True, "a is now the most recently used");
        cache.Set("c", "C", Now.AddHours(1));
        Assert.Multiple(() =>
        {
            Assert.That(cache.Count, Is.EqualTo(2));
            Assert.That(cache.TryGet("b", Now, out _), Is.False, "b was the least recently used");
            Assert.That(cache.TryGet("a", Now, out var a), Is.True);
            Assert.That(a, Is.EqualTo("A"));
            Assert.That(cache.TryGet("c", Now, out _), Is.True);
        });
    }

    [Test]
    public void Many_writes_never_exceed_the_capacity()
    {
        var cache = new LruCache<int>(100);
        Parallel.For(0, 10_000, i => cache.Set("k" + i, i, Now.AddHours(1)));
        Assert.That(cache.Count, Is.EqualTo(100));
    }

    [Test]
    public void Expired_entries_are_misses_and_are_dropped()
    {
        var cache = new LruCache<string>(4);
        cache.Set("a", "A", Now.AddSeconds(30));
        Assert.Multiple(() =>
        {
            Assert.That(cache.GetExpiry("a"), Is.EqualTo(Now.AddSeconds(30)));
            Assert.That(cache.TryGet("a", Now.AddSeconds(29), out _), Is.True);
            Assert.That(cache.TryGet("a", Now.AddSeconds(30), out _), Is.False, "expiry is exclusive");
            Assert.That(cache.Count, Is.Zero);
            Assert.That(cache.GetExpiry("a"), Is.Null);
        });
    }

    [Test]
    public void Set_replaces_and_Remove_drops()
    {
        var cache = new LruCache<string>(4);
        cache.Set("a", "A", Now.AddHours(1));
        cache.Set("a", "A2", Now.AddHours(2));
        Assert.That(cache.TryGet("a", Now, out var value), Is.True);
        Assert.That(value, Is.EqualTo("A2"));
        Assert.That(cache.Count, Is.EqualTo(1));
        cache.Remove("a");
        Assert.That(cache.TryGet("a", Now, out _), Is.False);
    }

    [Test]
    public void Capacity_below_one_is_refused() =>
        Assert.That(() => new LruCache<string>(0), Throws.InstanceOf<ArgumentOutOfRangeException>());

    [Test]
    public async Task SingleFlight_runs_one_load_per_key_for_concurrent_callers()
    {
        var flight = new SingleFlight<string>();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var loads = 0;
        async Task<string> Load()
        {
            Interlocked.Increment(ref loads);
            await release.Task;
            return "value";
        }

        var waiters = Enumerable.Range(0, 50).Select(_ => flight.Run("k", Load)).ToArray();
        var other = flight.Run("other", Load);
        Assert.That(flight.IsRunning("k"), Is.True);
        release.SetResult();
        var results = await Task.WhenAll(waiters);
        await other;
        Assert.Multiple(() =>
        {
            Assert.That(loads, Is.EqualTo(2), "one load for k, one for other");
            Assert.That(results, Is.All.EqualTo("value"));
            Assert.That(flight.IsRunning("k"), Is.False, "finished loads are forgotten");
        });
    }

    [Test]
    public async Task SingleFlight_hands_a_failure_to_every_waiter_and_then_retries()
    {
        var flight = new SingleFlight<string>();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = flight.Run("k", async () =>
        {
            await release.Task;
            throw new InvalidOperationException("boom");
        });
        var second = flight.Run("k", () => Task.FromResult("unused"));
        release.SetResult();
        Assert.ThrowsAsync<InvalidOperationException>(async () => await first);
        Assert.ThrowsAsync<InvalidOperationException>(async () => await second);
        await Task.Delay(10);
        Assert.That(await flight.Run("k", () => Task.FromResult("again")), Is.EqualTo("again"));
    }
}
