using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using StirShaken.Identity.Certificates.Caching;
using StirShaken.Identity.Certificates.Fetching;
using StirShaken.Identity.Certificates.Revocation;
using StirShaken.Identity.Testing;

namespace StirShaken.Identity.Tests.Certificates.Revocation;

/// <summary>Issue 13 item 9: the soft-fail warning once per certificate per period; policy before the L2 cache.</summary>
public class RevocationLogOnceTests
{
    private sealed class CountingLogger : ILogger
    {
        public int Warnings;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Warning)
            {
                Interlocked.Increment(ref Warnings);
            }
        }
    }

    private sealed class CountingDistributedCache : IDistributedCache
    {
        public int Calls;

        public byte[]? Get(string key) => throw new NotSupportedException();

        public Task<byte[]?> GetAsync(string key, CancellationToken token = default)
        {
            Interlocked.Increment(ref Calls);
            return Task.FromResult<byte[]?>(null);
        }

        public void Refresh(string key) => throw new NotSupportedException();

        public Task RefreshAsync(string key, CancellationToken token = default) => Task.CompletedTask;

        public void Remove(string key) => throw new NotSupportedException();

        public Task RemoveAsync(string key, CancellationToken token = default) => Task.CompletedTask;

        public void Set(string key, byte[] value, DistributedCacheEntryOptions options) => throw new NotSupportedException();

        public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default)
        {
            Interlocked.Increment(ref Calls);
            return Task.CompletedTask;
        }
    }

    [Test]
    public async Task Soft_fail_unknown_is_logged_once_per_certificate_per_period()
    {
        using var pki = TestPki.Create();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var logger = new CountingLogger();
        var checker = new CrlChecker(new RevocationOptions { Mode = RevocationMode.SoftFail, FetchCrls = false }, pki.TrustAnchors, null, clock, logger);
        var at = clock.GetUtcNow();
        for (var i = 0; i < 5; i++)
        {
            Assert.That((await checker.CheckAsync(pki.Chain, at)).StatusUnknown, Is.True);
        }

        Assert.That(logger.Warnings, Is.EqualTo(1));
        clock.Advance(CrlChecker.UnknownLogPeriod);
        await checker.CheckAsync(pki.Chain, at);
        Assert.That(logger.Warnings, Is.EqualTo(2));
    }

    [TestCase("https://127.0.0.1/sp.pem")]
    [TestCase("https://[::1]/sp.pem")]
    [TestCase("http://cert.example.org/sp.pem")]
    public async Task A_url_the_fetcher_refuses_never_waits_for_the_distributed_cache(string url)
    {
        using var fetcher = new HttpsCertificateSource();
        var l2 = new CountingDistributedCache();
        using var cache = new CachingCertificateSource(fetcher, null, l2);
        var result = await cache.GetCertificateChainAsync(url);
        Assert.Multiple(() =>
        {
            Assert.That(result.IsSuccess, Is.False);
            Assert.That(l2.Calls, Is.Zero);
        });
    }
}
