using System.Security.Cryptography.X509Certificates;
using StirShaken.Identity.Certificates;
using StirShaken.Identity.Certificates.Fetching;
using StirShaken.Identity.Certificates.Revocation;
using StirShaken.Identity.Testing;
using StirShaken.Identity.Tests.Support;

namespace StirShaken.Identity.Tests.Certificates.Revocation;

/// <summary>CRLs from a test CA, published over the real Kestrel HTTPS server.</summary>
public class CrlCheckerTests
{
    private TestHttpsServer _server = null!;
    private TestPki _pki = null!;
    private HttpsCertificateSource _fetcher = null!;
    private DateTimeOffset _now;
    private int _counter;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _server = await TestHttpsServer.StartAsync();
        _pki = TestPki.Create();
        _fetcher = new HttpsCertificateSource(_server.FetcherOptions());
        _now = DateTimeOffset.UtcNow;
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _fetcher.Dispose();
        await _server.DisposeAsync();
        _pki.Dispose();
    }

    private string NewCrlPath() => $"/crl/{Interlocked.Increment(ref _counter)}.crl";

    private CertificateChain Leaf(string? crlPath)
    {
        var (chain, key) = _pki.IssueLeaf(new TestLeafOptions { CrlDistributionPointUrl = crlPath is null ? null : _server.Url(crlPath) });
        key.Dispose();
        return chain;
    }

    private CrlChecker Checker(RevocationMode mode, params string[] localCrls) =>
        new(new RevocationOptions { Mode = mode, LocalCrlPaths = localCrls }, _pki.TrustAnchors, _fetcher);

    private byte[] Crl(params CertificateChain[] revoked) => _pki.IssueCrl(revoked.Select(c => c.Leaf), _now.AddHours(-1), _now.AddDays(7));

    [Test]
    public async Task Good_certificate_passes_and_the_crl_is_cached()
    {
        var path = NewCrlPath();
        var leaf = Leaf(path);
        var other = Leaf(path);
        _server.MapBytes(path, Crl(other), "application/pkix-crl");
        var checker = Checker(RevocationMode.HardFail);
        var first = await checker.CheckAsync(leaf, _now);
        var second = await checker.CheckAsync(leaf, _now);
        Assert.Multiple(() =>
        {
            Assert.That(first.Failure, Is.EqualTo(CertificateFailure.None), first.Detail);
            Assert.That(first.StatusUnknown, Is.False);
            Assert.That(second.IsSuccess, Is.True);
            Assert.That(_server.Hits(path), Is.EqualTo(1), "cached until nextUpdate");
        });
    }

    [Test]
    public async Task Revoked_certificate_is_rejected_in_both_modes()
    {
        var path = NewCrlPath();
        var leaf = Leaf(path);
        _server.MapBytes(path, Crl(leaf), "application/pkix-crl");
        foreach (var mode in new[] { RevocationMode.SoftFail, RevocationMode.HardFail })
        {
            var result = await Checker(mode).CheckAsync(leaf, _now);
            Assert.Multiple(() =>
            {
                Assert.That(result.Failure, Is.EqualTo(CertificateFailure.Revoked), mode.ToString());
                Assert.That(result.Detail, Does.Contain("is revoked"));
            });
        }
    }

    [Test]
    public async Task Unavailable_crl_soft_fails_or_hard_fails()
    {
        var path = NewCrlPath(); // 404
        var leaf = Leaf(path);
        var soft = await Checker(RevocationMode.SoftFail).CheckAsync(leaf, _now);
        var hard = await Checker(RevocationMode.HardFail).CheckAsync(leaf, _now);
        Assert.Multiple(() =>
        {
            Assert.That(soft.IsSuccess, Is.True);
            Assert.That(soft.StatusUnknown, Is.True);
            Assert.That(hard.Failure, Is.EqualTo(CertificateFailure.RevocationUnknown));
            Assert.That(hard.Detail, Does.Contain("404"));
        });
    }

    [Test]
    public async Task Crl_with_a_bad_signature_is_not_trusted()
    {
        using var impostor = TestPki.Create(); // same CA names, different keys
        var path = NewCrlPath();
        var leaf = Leaf(path);
        _server.MapBytes(path, impostor.IssueCrl([], _now.AddHours(-1), _now.AddDays(1)));
        var result = await Checker(RevocationMode.HardFail).CheckAsync(leaf, _now);
        Assert.Multiple(() =>
        {
            Assert.That(result.Failure, Is.EqualTo(CertificateFailure.RevocationUnknown));
            Assert.That(result.Detail, Does.Contain("signature"));
        });
    }

    [Test]
    public async Task Crl_signed_by_a_lookalike_issuer_smuggled_into_the_chain_is_not_trusted()
    {
        // The x5u body may carry extra certificates nobody validated: a same-named "intermediate" with
        // the attacker's key must not be able to vouch for a CRL that omits the revoked leaf.
        using var impostor = TestPki.Create(); // same CA names, different keys
        var path = NewCrlPath();
        var leaf = Leaf(path);
        using var smuggled = X509CertificateLoader.LoadCertificate(impostor.Intermediate.RawData);
        var hostile = CertificateChain.FromCertificates([leaf.Leaf, leaf.Certificates[1], smuggled]);
        _server.MapBytes(path, impostor.IssueCrl([], _now.AddHours(-1), _now.AddDays(1)));
        var result = await Checker(RevocationMode.HardFail).CheckAsync(hostile, _now);
        Assert.Multiple(() =>
        {
            Assert.That(result.Failure, Is.EqualTo(CertificateFailure.RevocationUnknown), result.Detail);
            Assert.That(result.Detail, Does.Contain("signature"));
        });
    }

    [Test]
    public async Task Stale_crl_is_unknown()
    {
        var path = NewCrlPath();
        var leaf = Leaf(path);
        _server.MapBytes(path, _pki.IssueCrl([], _now.AddDays(-10), _now.AddDays(-3)));
        var result = await Checker(RevocationMode.HardFail).CheckAsync(leaf, _now);
        Assert.Multiple(() =>
        {
            Assert.That(result.Failure, Is.EqualTo(CertificateFailure.RevocationUnknown));
            Assert.That(result.Detail, Does.Contain("stale"));
        });
    }

    [Test]
    public async Task Garbage_crl_is_unknown()
    {
        var path = NewCrlPath();
        var leaf = Leaf(path);
        _server.MapText(path, "not a CRL");
        var result = await Checker(RevocationMode.HardFail).CheckAsync(leaf, _now);
        Assert.That(result.Failure, Is.EqualTo(CertificateFailure.RevocationUnknown));
    }

    [Test]
    public async Task Leaf_without_distribution_point()
    {
        var leaf = Leaf(null);
        Assert.Multiple(async () =>
        {
            Assert.That((await Checker(RevocationMode.SoftFail).CheckAsync(leaf, _now)).IsSuccess, Is.True);
            Assert.That((await Checker(RevocationMode.HardFail).CheckAsync(leaf, _now)).Failure, Is.EqualTo(CertificateFailure.RevocationUnknown));
            Assert.That((await Checker(RevocationMode.Off).CheckAsync(leaf, _now)), Is.SameAs(RevocationCheckResult.Good));
        });
    }

    [Test]
    public async Task Local_crl_file_is_used_without_fetching()
    {
        var path = NewCrlPath();
        var leaf = Leaf(path);
        var file = Path.Combine(Path.GetTempPath(), $"stirshaken-{Guid.NewGuid():N}.crl");
        await File.WriteAllBytesAsync(file, Crl(leaf));
        try
        {
            var result = await Checker(RevocationMode.HardFail, file).CheckAsync(leaf, _now);
            Assert.Multiple(() =>
            {
                Assert.That(result.Failure, Is.EqualTo(CertificateFailure.Revoked));
                Assert.That(_server.Hits(path), Is.Zero);
            });
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Test]
    public void Bad_local_crl_file_is_a_loud_configuration_error()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "garbage");
            Assert.Throws<InvalidDataException>(() => Checker(RevocationMode.SoftFail, file));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
