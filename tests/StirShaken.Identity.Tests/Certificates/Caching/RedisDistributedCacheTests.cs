using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.Time.Testing;
using StirShaken.Identity.Certificates.Caching;
using StirShaken.Identity.Certificates.Fetching;
using StirShaken.Identity.Testing;
using StirShaken.Identity.Tests.Support;

namespace StirShaken.Identity.Tests.Certificates.Caching;

/// <summary>The IDistributedCache second level against a real redis-server.</summary>
public class RedisDistributedCacheTests
{
    private TestHttpsServer _server = null!;
    private RedisServer _redis = null!;
    private TestPki _pki = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _redis = await RedisServer.StartAsync();
        _server = await TestHttpsServer.StartAsync();
        _pki = TestPki.Create();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _server.DisposeAsync();
        _redis.Dispose();
        _pki.Dispose();
    }

    private RedisCache NewRedisClient() => new(new RedisCacheOptions { Configuration = _redis.Configuration, InstanceName = "tests:" });

    [Test]
    public async Task A_restarted_node_finds_the_chain_in_redis_without_refetching()
    {
        const string path = "/redis/sp.pem";
        _server.MapText(path, _pki.ChainPem, cacheControl: "max-age=172800");
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var url = _server.Url(path);

        // Node A: cold, downloads and writes through to Redis.
        using (var redisA = NewRedisClient())
        using (var fetcherA = new HttpsCertificateSource(_server.FetcherOptions()))
        using (var nodeA = new CachingCertificateSource(fetcherA, null, redisA, clock))
        {
            var first = await nodeA.GetCertificateChainAsync(url);
            Assert.That(first.IsSuccess, Is.True, first.Detail);
        }

        Assert.That(_server.Hits(path), Is.EqualTo(1));

        // Node B: a new process-level cache (empty memory), same Redis.
        using var redisB = NewRedisClient();
        using var fetcherB = new HttpsCertificateSource(_server.FetcherOptions());
        using var nodeB = new CachingCertificateSource(fetcherB, null, redisB, clock);
        var second = await nodeB.GetCertificateChainAsync(url);
        Assert.Multiple(() =>
        {
            Assert.That(second.IsSuccess, Is.True, second.Detail);
            Assert.That(second.Chain!.Certificates, Has.Count.EqualTo(2), "the whole chain is stored");
            Assert.That(second.Chain.Leaf.Thumbprint, Is.EqualTo(_pki.Leaf.Thumbprint));
            Assert.That(_server.Hits(path), Is.EqualTo(1), "no refetch");
            Assert.That(nodeB.GetExpiry(url), Is.EqualTo(clock.GetUtcNow().AddHours(48)).Within(TimeSpan.FromMilliseconds(1)), "the expiry travels with the bytes");
        });
    }

    [Test]
    public async Task An_expired_redis_entry_is_not_used()
    {
        const string path = "/redis/expired.pem";
        _server.MapText(path, _pki.ChainPem);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var url = _server.Url(path);
        using var redis = NewRedisClient();
        using var fetcher = new HttpsCertificateSource(_server.FetcherOptions());
        using (var nodeA = new CachingCertificateSource(fetcher, null, redis, clock))
        {
            await nodeA.GetCertificateChainAsync(url);
        }

        clock.Advance(TimeSpan.FromHours(25)); // past the 24 h expiry stored with the entry
        using var nodeB = new CachingCertificateSource(fetcher, null, redis, clock);
        var result = await nodeB.GetCertificateChainAsync(url);
        Assert.Multiple(() =>
        {
            Assert.That(result.IsSuccess, Is.True);
            Assert.That(_server.Hits(path), Is.EqualTo(2));
        });
    }

    [Test]
    public async Task Unreachable_redis_degrades_to_fetching()
    {
        const string path = "/redis/down.pem";
        _server.MapText(path, _pki.ChainPem);
        using var redis = new RedisCache(new RedisCacheOptions { Configuration = "127.0.0.1:1,abortConnect=false,connectTimeout=200" });
        using var fetcher = new HttpsCertificateSource(_server.FetcherOptions());
        using var node = new CachingCertificateSource(fetcher, new CertificateCacheOptions { DistributedCacheTimeout = TimeSpan.FromMilliseconds(300) }, redis);
        var result = await node.GetCertificateChainAsync(_server.Url(path));
        Assert.That(result.IsSuccess, Is.True, result.Detail);
    }
}
