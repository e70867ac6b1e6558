using Microsoft.Extensions.Time.Testing;
using StirShaken.Identity.Certificates;
using StirShaken.Identity.Certificates.Caching;
using StirShaken.Identity.Testing;

namespace StirShaken.Identity.Tests.Certificates.Caching;

/// <summary>Issue 8 §4: failing x5u URLs (cheap for an attacker to vary) never evict a valid chain.</summary>
public class CacheFloodTests
{
    private sealed class CountingSource(CertificateChain chain, string goodUrl) : ICertificateSource
    {
        public int GoodLoads;
        public int JunkLoads;

        public ValueTask<CertificateFetchResult> GetCertificateChainAsync(string url, CancellationToken cancellationToken = default)
        {
            if (url == goodUrl)
            {
                Interlocked.Increment(ref GoodLoads);
                return ValueTask.FromResult(CertificateFetchResult.Ok(chain));
            }

            Interlocked.Increment(ref JunkLoads);
            return ValueTask.FromResult(CertificateFetchResult.Fail(url.Contains("policy", StringComparison.Ordinal) ? CertificateFetchFailure.PolicyRefused : CertificateFetchFailure.ConnectFailure, "junk"));
        }
    }

    [Test]
    public async Task Ten_thousand_failing_urls_do_not_evict_a_valid_chain()
    {
        using var pki = TestPki.Create();
        const string good = "https://cr.example.net/good.pem";
        var source = new CountingSource(pki.Chain, good);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var cache = new CachingCertificateSource(source, new CertificateCacheOptions { MaxEntries = 10_000 }, timeProvider: clock);

        Assert.That((await cache.GetCertificateChainAsync(good)).IsSuccess, Is.True);
        for (var i = 0; i < 10_000; i++)
        {
            var junk = await cache.GetCertificateChainAsync(i % 2 == 0 ? $"https://junk{i}.example/policy.pem" : $"https://junk{i}.example/x.pem");
            Assert.That(junk.IsSuccess, Is.False);
        }

        var again = await cache.GetCertificateChainAsync(good);
        Assert.Multiple(() =>
        {
            Assert.That(again.IsSuccess, Is.True);
            Assert.That(source.GoodLoads, Is.EqualTo(1), "the valid chain was served from the cache after the flood");
            Assert.That(source.JunkLoads, Is.EqualTo(10_000));
            Assert.That(cache.ChainCount, Is.EqualTo(1));
            Assert.That(cache.FailureCount, Is.EqualTo(new CertificateCacheOptions().MaxNegativeEntries), "failures are bounded by their own, smaller LRU");
        });
    }

    [Test]
    public async Task A_failure_is_still_remembered_and_a_later_success_replaces_it()
    {
        using var pki = TestPki.Create();
        const string url = "https://cr.example.net/flaky.pem";
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var source = new CountingSource(pki.Chain, "https://never");
        using var cache = new CachingCertificateSource(source, new CertificateCacheOptions { MaxNegativeEntries = 2, NegativeLifetime = TimeSpan.FromSeconds(30) }, timeProvider: clock);
        await cache.GetCertificateChainAsync(url);
        await cache.GetCertificateChainAsync(url);
        Assert.That(source.JunkLoads, Is.EqualTo(1), "the failure is answered from memory within NegativeLifetime");
        clock.Advance(TimeSpan.FromSeconds(31));
        await cache.GetCertificateChainAsync(url);
        Assert.That(source.JunkLoads, Is.EqualTo(2), "retried after NegativeLifetime");
    }

    [Test]
    public void Negative_bound_is_validated()
    {
        Assert.That(() => new CachingCertificateSource(new InMemoryCertificateSource(), new CertificateCacheOptions { MaxNegativeEntries = 0 }),
            Throws.ArgumentException.With.Message.Contains("MaxNegativeEntries"));
    }
}
