using System.Collections.Concurrent;
using StirShaken.Identity.Certificates;
using StirShaken.Identity.Certificates.Fetching;
using StirShaken.Identity.Certificates.Revocation;
using StirShaken.Identity.Testing;

namespace StirShaken.Identity.Tests.Certificates.Revocation;

/// <summary><see cref="CrlChecker"/> over the internal bounded-fetcher seam, with a fake fetcher (no network).</summary>
public class CrlCheckerFetcherTests
{
    private TestPki _pki = null!;
    private DateTimeOffset _now;

    [OneTimeSetUp]
    public void CreatePki()
    {
        _pki = TestPki.Create();
        _now = DateTimeOffset.UtcNow;
    }

    [OneTimeTearDown]
    public void DisposePki() => _pki.Dispose();

    private sealed class FakeFetcher : IBoundedFetcher
    {
        public ConcurrentDictionary<string, byte[]> Bodies { get; } = new(StringComparer.Ordinal);

        public ConcurrentQueue<(string Url, string Kind, int MaxBytes)> Calls { get; } = new();

        public Task<HttpFetchResult> GetAsync(string url, string kind, int maxBytes, string accept, CancellationToken cancellationToken)
        {
            Calls.Enqueue((url, kind, maxBytes));
            return Task.FromResult(Bodies.TryGetValue(url, out var body)
                ? new HttpFetchResult(body, CertificateFetchFailure.None, null, 200, HttpFreshness.None)
                : HttpFetchResult.Fail(CertificateFetchFailure.HttpStatus, "HTTP 404 Not Found", 404));
        }
    }

    private CertificateChain Leaf(string crlUrl)
    {
        var (chain, key) = _pki.IssueLeaf(new TestLeafOptions { CrlDistributionPointUrl = crlUrl });
        key.Dispose();
        return chain;
    }

    private CrlChecker Checker(FakeFetcher fetcher, RevocationMode mode = RevocationMode.HardFail, int maxCachedCrls = 256) =>
        new(new RevocationOptions { Mode = mode, MaxCachedCrls = maxCachedCrls, MaxCrlBytes = 12_345 }, _pki.TrustAnchors, fetcher, TimeProvider.System, null, null);

    private byte[] Crl(params CertificateChain[] revoked) => _pki.IssueCrl(revoked.Select(c => c.Leaf), _now.AddHours(-1), _now.AddDays(7));

    [Test]
    public async Task Revoked_leaf_is_found_through_the_fetcher_and_the_crl_is_cached()
    {
        const string url = "https://crl.example/a.crl";
        var leaf = Leaf(url);
        var fetcher = new FakeFetcher();
        fetcher.Bodies[url] = Crl(leaf);
        var checker = Checker(fetcher);
        var first = await checker.CheckAsync(leaf, _now);
        var second = await checker.CheckAsync(leaf, _now);
        Assert.Multiple(() =>
        {
            Assert.That(first.Failure, Is.EqualTo(CertificateFailure.Revoked), first.Detail);
            Assert.That(second.Failure, Is.EqualTo(CertificateFailure.Revoked));
            Assert.That(fetcher.Calls.Select(c => (c.Url, c.Kind, c.MaxBytes)), Is.EqualTo(new[] { (url, "crl", 12_345) }), "one bounded fetch, then the cache");
        });
    }

    [Test]
    public async Task Failed_fetch_is_unknown_and_negatively_cached()
    {
        const string url = "https://crl.example/missing.crl";
        var leaf = Leaf(url);
        var fetcher = new FakeFetcher();
        var hard = await Checker(fetcher).CheckAsync(leaf, _now);
        var softChecker = Checker(fetcher, RevocationMode.SoftFail);
        var soft = await softChecker.CheckAsync(leaf, _now);
        var softAgain = await softChecker.CheckAsync(leaf, _now);
        Assert.Multiple(() =>
        {
            Assert.That(hard.Failure, Is.EqualTo(CertificateFailure.RevocationUnknown));
            Assert.That(hard.Detail, Does.Contain("HTTP 404"));
            Assert.That(soft.IsSuccess, Is.True);
            Assert.That(soft.StatusUnknown, Is.True);
            Assert.That(softAgain.StatusUnknown, Is.True);
            Assert.That(fetcher.Calls, Has.Count.EqualTo(2), "one fetch per checker; the failure is remembered");
        });
    }

    [Test]
    public async Task Crl_cache_is_a_bounded_lru()
    {
        const string a = "https://crl.example/lru-a.crl";
        const string b = "https://crl.example/lru-b.crl";
        var leafA = Leaf(a);
        var leafB = Leaf(b);
        var fetcher = new FakeFetcher();
        fetcher.Bodies[a] = Crl();
        fetcher.Bodies[b] = Crl();
        var checker = Checker(fetcher, maxCachedCrls: 1);
        await checker.CheckAsync(leafA, _now);
        await checker.CheckAsync(leafA, _now);
        await checker.CheckAsync(leafB, _now);
        var again = await checker.CheckAsync(leafA, _now);
        Assert.Multiple(() =>
        {
            Assert.That(again.Failure, Is.EqualTo(CertificateFailure.None), again.Detail);
            Assert.That(fetcher.Calls.Select(c => c.Url), Is.EqualTo(new[] { a, b, a }), "b evicted a (capacity 1)");
        });
    }

    [Test]
    public async Task Failing_crl_urls_never_evict_a_good_crl()
    {
        const string good = "https://crl.example/flood-good.crl";
        var leaf = Leaf(good);
        var fetcher = new FakeFetcher();
        fetcher.Bodies[good] = Crl();
        var checker = new CrlChecker(new RevocationOptions { Mode = RevocationMode.HardFail, MaxCachedCrls = 2, MaxNegativeCrls = 3 }, _pki.TrustAnchors, fetcher, TimeProvider.System, null, null);
        Assert.That((await checker.CheckAsync(leaf, _now)).Failure, Is.EqualTo(CertificateFailure.None));
        for (var i = 0; i < 8; i++)
        {
            var junk = await checker.CheckAsync(Leaf($"https://crl.example/flood-{i}.crl"), _now);
            Assert.That(junk.Failure, Is.EqualTo(CertificateFailure.RevocationUnknown));
        }

        var again = await checker.CheckAsync(leaf, _now);
        Assert.Multiple(() =>
        {
            Assert.That(again.Failure, Is.EqualTo(CertificateFailure.None), again.Detail);
            Assert.That(fetcher.Calls.Count(c => c.Url == good), Is.EqualTo(1), "the good CRL stayed cached through the flood");
            Assert.That(checker.CacheCounts, Is.EqualTo((1, 3)), "failures in their own bound");
        });
    }
}
