using Microsoft.Extensions.Time.Testing;
using StirShaken.Identity.Certificates;
using StirShaken.Identity.Certificates.Caching;
using StirShaken.Identity.Certificates.Fetching;
using StirShaken.Identity.Testing;
using StirShaken.Identity.Tests.Support;

namespace StirShaken.Identity.Tests.Certificates.Caching;

/// <summary>The cache over the real fetcher and a real Kestrel HTTPS server; expiry on a FakeTimeProvider.</summary>
public class CachingCertificateSourceTests
{
    private TestHttpsServer _server = null!;
    private TestPki _pki = null!;
    private HttpsCertificateSource _fetcher = null!;
    private FakeTimeProvider _clock = null!;
    private int _counter;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _server = await TestHttpsServer.StartAsync();
        _pki = TestPki.Create();
        _fetcher = new HttpsCertificateSource(_server.FetcherOptions());
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _fetcher.Dispose();
        await _server.DisposeAsync();
        _pki.Dispose();
    }

    [SetUp]
    public void NewClock() => _clock = new FakeTimeProvider(DateTimeOffset.UtcNow);

    private string NewPath() => $"/cache/{Interlocked.Increment(ref _counter)}/sp.pem";

    private CachingCertificateSource Cache(CertificateCacheOptions? options = null) => new(_fetcher, options, timeProvider: _clock);

    [Test]
    public async Task Second_call_is_a_memory_hit_and_returns_the_whole_chain()
    {
        var path = NewPath();
        _server.MapText(path, _pki.ChainPem);
        using var cache = Cache();
        var first = await cache.GetCertificateChainAsync(_server.Url(path));
        var second = await cache.GetCertificateChainAsync(_server.Url(path));
        Assert.Multiple(() =>
        {
            Assert.That(first.IsSuccess && second.IsSuccess, Is.True, first.Detail);
            Assert.That(second.Chain, Is.SameAs(first.Chain));
            Assert.That(second.Chain!.Certificates, Has.Count.EqualTo(2), "intermediates survive caching");
            Assert.That(_server.Hits(path), Is.EqualTo(1));
        });
    }

    [TestCase(null, 24.0)]
    [TestCase("max-age=60", 24.0)]
    [TestCase("public, max-age=172800", 48.0)]
    [TestCase("s-maxage=259200, max-age=60", 72.0)]
    public async Task Lifetime_follows_http_with_the_24h_atis_floor(string? cacheControl, double hours)
    {
        var path = NewPath();
        _server.MapText(path, _pki.ChainPem, cacheControl: cacheControl);
        using var cache = Cache();
        var start = _clock.GetUtcNow();
        await cache.GetCertificateChainAsync(_server.Url(path));
        Assert.That(cache.GetExpiry(_server.Url(path)), Is.EqualTo(start.AddHours(hours)));

        _clock.Advance(TimeSpan.FromHours(hours) - TimeSpan.FromMinutes(1));
        await cache.GetCertificateChainAsync(_server.Url(path));
        Assert.That(_server.Hits(path), Is.EqualTo(1), "still fresh");

        _clock.Advance(TimeSpan.FromMinutes(2));
        await cache.GetCertificateChainAsync(_server.Url(path));
        Assert.That(_server.Hits(path), Is.EqualTo(2), "expired: fetched again");
    }

    [Test]
    public async Task No_store_is_fetched_every_time()
    {
        var path = NewPath();
        _server.MapText(path, _pki.ChainPem, cacheControl: "no-store");
        using var cache = Cache();
        var first = await cache.GetCertificateChainAsync(_server.Url(path));
        await cache.GetCertificateChainAsync(_server.Url(path));
        Assert.Multiple(() =>
        {
            Assert.That(first.IsSuccess, Is.True);
            Assert.That(_server.Hits(path), Is.EqualTo(2));
            Assert.That(cache.Count, Is.Zero);
        });
    }

    [Test]
    public async Task Lifetime_is_capped_at_the_certificate_not_after()
    {
        var notAfter = DateTimeOffset.FromUnixTimeSeconds(_clock.GetUtcNow().AddHours(3).ToUnixTimeSeconds());
        var (chain, key) = _pki.IssueLeaf(new TestLeafOptions { NotAfter = notAfter });
        key.Dispose();
        var path = NewPath();
        _server.MapText(path, chain.ToPem(), cacheControl: "max-age=172800");
        using var cache = Cache();
        await cache.GetCertificateChainAsync(_server.Url(path));
        Assert.That(cache.GetExpiry(_server.Url(path)), Is.EqualTo(notAfter));
    }

    [Test]
    public async Task Concurrent_misses_for_one_url_cause_one_download()
    {
        var path = NewPath();
        _server.MapText(path, _pki.ChainPem, delay: TimeSpan.FromMilliseconds(300));
        using var cache = Cache();
        var calls = Enumerable.Range(0, 50).Select(_ => Task.Run(async () => await cache.GetCertificateChainAsync(_server.Url(path)))).ToArray();
        var results = await Task.WhenAll(calls);
        Assert.Multiple(() =>
        {
            Assert.That(results.All(r => r.IsSuccess), Is.True);
            Assert.That(results.Select(r => r.Chain).Distinct().Count(), Is.EqualTo(1));
            Assert.That(_server.Hits(path), Is.EqualTo(1), "single-flight");
        });
    }

    [Test]
    public async Task Failing_url_is_negatively_cached_for_a_short_time()
    {
        var path = NewPath(); // not mapped: 404
        using var cache = Cache(new CertificateCacheOptions { NegativeLifetime = TimeSpan.FromSeconds(30) });
        var first = await cache.GetCertificateChainAsync(_server.Url(path));
        var second = await cache.GetCertificateChainAsync(_server.Url(path));
        Assert.Multiple(() =>
        {
            Assert.That(first.IsSuccess, Is.False);
            Assert.That(second.Detail, Is.EqualTo(first.Detail));
            Assert.That(_server.Hits(path), Is.EqualTo(1));
        });

        _clock.Advance(TimeSpan.FromSeconds(31));
        await cache.GetCertificateChainAsync(_server.Url(path));
        Assert.That(_server.Hits(path), Is.EqualTo(2));
    }

    [Test]
    public async Task Least_recently_used_entry_is_evicted_at_the_bound()
    {
        var paths = new[] { NewPath(), NewPath(), NewPath() };
        foreach (var path in paths)
        {
            _server.MapText(path, _pki.ChainPem);
        }

        using var cache = Cache(new CertificateCacheOptions { MaxEntries = 2 });
        await cache.GetCertificateChainAsync(_server.Url(paths[0]));
        await cache.GetCertificateChainAsync(_server.Url(paths[1]));
        await cache.GetCertificateChainAsync(_server.Url(paths[0])); // paths[1] is now the least recently used
        await cache.GetCertificateChainAsync(_server.Url(paths[2]));
        Assert.Multiple(() =>
        {
            Assert.That(cache.Count, Is.EqualTo(2));
            Assert.That(cache.GetExpiry(_server.Url(paths[1])), Is.Null);
            Assert.That(cache.GetExpiry(_server.Url(paths[0])), Is.Not.Null);
        });
    }

    [Test]
    public async Task Hit_near_expiry_refreshes_in_the_background()
    {
        var path = NewPath();
        _server.MapText(path, _pki.ChainPem);
        using var cache = Cache(new CertificateCacheOptions { RefreshBeforeExpiry = TimeSpan.FromHours(1) });
        await cache.GetCertificateChainAsync(_server.Url(path));
        var firstExpiry = cache.GetExpiry(_server.Url(path));
        _clock.Advance(TimeSpan.FromHours(23.5));
        var hit = await cache.GetCertificateChainAsync(_server.Url(path));
        Assert.That(hit.IsSuccess, Is.True, "served from cache while refreshing");

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (cache.GetExpiry(_server.Url(path)) == firstExpiry && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.Multiple(() =>
        {
            Assert.That(_server.Hits(path), Is.EqualTo(2));
            Assert.That(cache.GetExpiry(_server.Url(path)), Is.EqualTo(_clock.GetUtcNow().AddHours(24)));
        });
    }

    [Test]
    public async Task Any_source_works_and_gets_the_default_lifetime()
    {
        var source = new StirShaken.Identity.Certificates.InMemoryCertificateSource().Add("https://example.org/sp.pem", _pki.Chain);
        using var memory = new CachingCertificateSource(source, timeProvider: _clock);
        Assert.That((await memory.GetCertificateChainAsync("https://example.org/sp.pem")).IsSuccess, Is.True);
        Assert.That(memory.GetExpiry("https://example.org/sp.pem"), Is.EqualTo(_clock.GetUtcNow().AddHours(24)));
    }

    [Test]
    public async Task Distributed_entry_expiry_is_capped_like_a_download()
    {
        // Another node (other settings, older version) or a tampered L2 may store any expiry: it gets
        // the same MaxLifetime and notAfter caps as a fresh download.
        const string url = "https://certs.example.net/l2-only.pem";
        var l2 = new Microsoft.Extensions.Caching.Distributed.MemoryDistributedCache(
            Microsoft.Extensions.Options.Options.Create(new Microsoft.Extensions.Caching.Memory.MemoryDistributedCacheOptions()));
        var options = new CertificateCacheOptions();
        await l2.SetAsync(options.DistributedKeyPrefix + url, DistributedChainCodec.Encode(_pki.Chain, _clock.GetUtcNow().AddYears(50)), new());
        using var cache = new CachingCertificateSource(new InMemoryCertificateSource(), options, l2, _clock);
        var result = await cache.GetCertificateChainAsync(url);
        Assert.Multiple(() =>
        {
            Assert.That(result.IsSuccess, Is.True, result.Detail);
            Assert.That(cache.GetExpiry(url), Is.LessThanOrEqualTo(_clock.GetUtcNow() + options.MaxLifetime));
        });
    }
}
