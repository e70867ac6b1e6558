using StirShaken.Identity.Certificates;
using StirShaken.Identity.Certificates.Caching;
using StirShaken.Identity.Certificates.Fetching;
using StirShaken.Identity.Testing;
using StirShaken.Identity.Tests.Support;

namespace StirShaken.Identity.Tests.Certificates.Caching;

/// <summary>
/// A waiter's cancellation and the shared (single-flight) download: the download runs under the fetcher's own timeout,
/// each caller's token only ends that caller's wait, and a cancellation is never remembered as the URL's failure.
/// Real Kestrel HTTPS server; the server holds each answer until the test opens a gate (no timing assertions).
/// </summary>
public class CachingCertificateSourceCancellationTests
{
    private TestHttpsServer _server = null!;
    private TestPki _pki = null!;
    private HttpsCertificateSource _fetcher = null!;
    private int _counter;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _server = await TestHttpsServer.StartAsync();
        _pki = TestPki.Create();
        _fetcher = new HttpsCertificateSource(_server.FetcherOptions(TimeSpan.FromSeconds(30)));
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _fetcher.Dispose();
        await _server.DisposeAsync();
        _pki.Dispose();
    }

    [Test]
    public async Task One_waiters_cancellation_does_not_cancel_the_download_shared_with_another()
    {
        var (url, arrived, gate) = GatedChain();
        using var cache = new CachingCertificateSource(_fetcher);
        using var leaving = new CancellationTokenSource();
        var first = cache.GetCertificateChainAsync(url, leaving.Token).AsTask();
        await arrived.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var second = cache.GetCertificateChainAsync(url).AsTask();

        await leaving.CancelAsync();
        Assert.That(async () => await first, Throws.InstanceOf<OperationCanceledException>(), "the first waiter stops waiting at once");
        gate.SetResult();
        var result = await second.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Multiple(() =>
        {
            Assert.That(result.IsSuccess, Is.True, result.Detail);
            Assert.That(_server.Hits(new Uri(url).AbsolutePath), Is.EqualTo(1), "one shared download");
        });
    }

    [Test]
    public async Task A_cancelled_waiter_is_never_cached_as_a_failure_and_the_download_still_fills_the_cache()
    {
        var (url, arrived, gate) = GatedChain();
        using var cache = new CachingCertificateSource(_fetcher, new CertificateCacheOptions { NegativeLifetime = TimeSpan.FromSeconds(30) });
        using var leaving = new CancellationTokenSource();
        var only = cache.GetCertificateChainAsync(url, leaving.Token).AsTask();
        await arrived.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await leaving.CancelAsync();
        Assert.That(async () => await only, Throws.InstanceOf<OperationCanceledException>());
        Assert.That(cache.FailureCount, Is.Zero, "a caller's cancellation is not the URL's failure");

        gate.SetResult();
        // The download goes on without any waiter and fills the cache; the next caller gets the chain without a second download.
        var next = await cache.GetCertificateChainAsync(url).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Multiple(() =>
        {
            Assert.That(next.IsSuccess, Is.True, next.Detail);
            Assert.That(next.Failure, Is.Not.EqualTo(CertificateFetchFailure.Timeout));
            Assert.That(cache.FailureCount, Is.Zero);
            Assert.That(_server.Hits(new Uri(url).AbsolutePath), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task An_already_cancelled_token_neither_starts_a_negative_entry_nor_poisons_the_url()
    {
        var path = $"/cancel/{Interlocked.Increment(ref _counter)}/sp.pem";
        _server.MapText(path, _pki.ChainPem);
        using var cache = new CachingCertificateSource(_fetcher);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        Assert.That(async () => await cache.GetCertificateChainAsync(_server.Url(path), cancelled.Token), Throws.InstanceOf<OperationCanceledException>());

        var result = await cache.GetCertificateChainAsync(_server.Url(path));
        Assert.Multiple(() =>
        {
            Assert.That(result.IsSuccess, Is.True, result.Detail);
            Assert.That(cache.FailureCount, Is.Zero);
        });
    }

    [Test]
    public async Task The_shared_download_ends_by_the_fetchers_own_timeout_while_a_short_waiter_leaves_early()
    {
        var path = $"/cancel/{Interlocked.Increment(ref _counter)}/hung.pem";
        var hung = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _server.Map(path, async context => await hung.Task.WaitAsync(context.RequestAborted));
        using var fetcher = new HttpsCertificateSource(_server.FetcherOptions(TimeSpan.FromMilliseconds(500)));
        using var cache = new CachingCertificateSource(fetcher);
        using var shortWait = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        var url = _server.Url(path);
        var leaving = cache.GetCertificateChainAsync(url, shortWait.Token).AsTask();
        var staying = cache.GetCertificateChainAsync(url).AsTask();

        Assert.That(async () => await leaving, Throws.InstanceOf<OperationCanceledException>());
        var result = await staying.WaitAsync(TimeSpan.FromSeconds(30));
        hung.TrySetResult();
        Assert.Multiple(() =>
        {
            Assert.That(result.Failure, Is.EqualTo(CertificateFetchFailure.Timeout), "the download's own timeout decides");
            Assert.That(cache.FailureCount, Is.EqualTo(1), "a real timeout is remembered");
        });
    }

    /// <summary>A chain URL whose answer waits for the returned gate; <c>arrived</c> completes when the request reaches the server.</summary>
    private (string Url, TaskCompletionSource Arrived, TaskCompletionSource Gate) GatedChain()
    {
        var path = $"/cancel/{Interlocked.Increment(ref _counter)}/sp.pem";
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var body = System.Text.Encoding.UTF8.GetBytes(_pki.ChainPem);
        _server.Map(path, async context =>
        {
            arrived.TrySetResult();
            await gate.Task.WaitAsync(context.RequestAborted);
            context.Response.ContentType = "application/x-pem-file";
            context.Response.ContentLength = body.Length;
            await context.Response.Body.WriteAsync(body, context.RequestAborted);
        });
        return (_server.Url(path), arrived, gate);
    }
}
