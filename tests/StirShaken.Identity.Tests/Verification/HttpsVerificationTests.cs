using Microsoft.Extensions.Time.Testing;
using StirShaken.Identity.Certificates;
using StirShaken.Identity.Certificates.Caching;
using StirShaken.Identity.Certificates.Fetching;
using StirShaken.Identity.Certificates.Revocation;
using StirShaken.Identity.Passport;
using StirShaken.Identity.Signing;
using StirShaken.Identity.Sip;
using StirShaken.Identity.Testing;
using StirShaken.Identity.Tests.Support;
using StirShaken.Identity.Verification;

namespace StirShaken.Identity.Tests.Verification;

/// <summary>End to end: a never-seen x5u goes over real HTTPS to a local Kestrel server; failures get the right SIP code.</summary>
public class HttpsVerificationTests
{
    private TestHttpsServer _server = null!;
    private TestPki _pki = null!;
    private FakeTimeProvider _clock = null!;
    private int _counter;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _server = await TestHttpsServer.StartAsync();
        _pki = TestPki.Create();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _server.DisposeAsync();
        _pki.Dispose();
    }

    [SetUp]
    public void NewClock() => _clock = new FakeTimeProvider(DateTimeOffset.UtcNow);

    private string NewPath(string name = "sp.pem") => $"/e2e/{Interlocked.Increment(ref _counter)}/{name}";

    private async Task<VerificationResult> VerifyAsync(string x5u, CertificateFetcherOptions? fetcherOptions = null, RevocationMode revocation = RevocationMode.Off, System.Security.Cryptography.ECDsa? key = null)
    {
        fetcherOptions ??= _server.FetcherOptions(TimeSpan.FromMilliseconds(500));
        using var fetcher = new HttpsCertificateSource(fetcherOptions, _clock);
        using var cache = new CachingCertificateSource(fetcher, timeProvider: _clock);
        var crl = revocation == RevocationMode.Off ? null : new CrlChecker(new RevocationOptions { Mode = revocation }, _pki.TrustAnchors, fetcher, _clock);
        var verifier = new StirShakenVerifier(cache, new CertificateValidator(_pki.TrustAnchors), null, new StirShakenVerifierDependencies
        {
            Revocation = crl,
            UrlPolicy = new X5uUrlPolicy { AllowedPorts = [443, 8443, _server.Port] },
            TimeProvider = _clock,
        });
        using var signer = new PassportSigner(key ?? _pki.LeafKey, x5u, _clock);
        var invite = signer.Sign(SipMessage.Parse(TestCall.Invite(date: SipDate.Format(_clock.GetUtcNow()))), Attestation.A, "123e4567-e89b-12d3-a456-426655440000");
        return await verifier.VerifyAsync(invite.ToString());
    }

    [Test]
    public async Task Never_seen_x5u_is_fetched_over_https_and_verifies()
    {
        var path = NewPath();
        _server.MapText(path, _pki.ChainPem);
        var result = await VerifyAsync(_server.Url(path));
        Assert.Multiple(() =>
        {
            Assert.That(result.IsSuccess, Is.True, result.Failure?.Diagnostic);
            Assert.That(result.Spc, Is.EqualTo(_pki.Spc));
            Assert.That(_server.Hits(path), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Not_found_is_436_certificate_unavailable()
    {
        var result = await VerifyAsync(_server.Url(NewPath()));
        Assert.Multiple(() =>
        {
            Assert.That(result.Failure!.Reason, Is.EqualTo(FailureReason.CertificateUnavailable));
            Assert.That(result.Failure.StatusCode, Is.EqualTo(436));
            Assert.That(result.Failure.Detail, Does.Contain("HttpStatus").And.Contain("404"));
        });
    }

    [Test]
    public async Task Timeout_is_436_with_the_reason()
    {
        var path = NewPath();
        _server.MapText(path, _pki.ChainPem, delay: TimeSpan.FromSeconds(5));
        var result = await VerifyAsync(_server.Url(path));
        Assert.Multiple(() =>
        {
            Assert.That(result.Failure!.StatusCode, Is.EqualTo(436));
            Assert.That(result.Failure.Detail, Does.Contain("Timeout"));
        });
    }

    [Test]
    public async Task Special_purpose_address_is_436_info_url_refused()
    {
        var path = NewPath();
        _server.MapText(path, _pki.ChainPem);
        var options = _server.FetcherOptions();
        options.AllowedPrivateNetworks = [];
        var result = await VerifyAsync(_server.Url(path), options);
        Assert.Multiple(() =>
        {
            Assert.That(result.Failure!.Reason, Is.EqualTo(FailureReason.InfoUrlRefused));
            Assert.That(result.Failure.StatusCode, Is.EqualTo(436));
            Assert.That(result.Failure.Detail, Does.Contain("loopback"));
            Assert.That(_server.Hits(path), Is.Zero);
        });
    }

    [Test]
    public async Task Garbage_body_is_436()
    {
        var path = NewPath();
        _server.MapText(path, "hello");
        var result = await VerifyAsync(_server.Url(path));
        Assert.Multiple(() =>
        {
            Assert.That(result.Failure!.StatusCode, Is.EqualTo(436));
            Assert.That(result.Failure.Detail, Does.Contain("NotACertificate"));
        });
    }

    [Test]
    public async Task Revoked_certificate_is_437()
    {
        var crlPath = NewPath("ca.crl");
        var (chain, key) = _pki.IssueLeaf(new TestLeafOptions { CrlDistributionPointUrl = _server.Url(crlPath) });
        using (key)
        {
            var path = NewPath();
            _server.MapText(path, chain.ToPem());
            _server.MapBytes(crlPath, _pki.IssueCrl([chain.Leaf], _clock.GetUtcNow().AddHours(-1), _clock.GetUtcNow().AddDays(7)), "application/pkix-crl");
            var result = await VerifyAsync(_server.Url(path), revocation: RevocationMode.SoftFail, key: key);
            Assert.Multiple(() =>
            {
                Assert.That(result.Failure!.Reason, Is.EqualTo(FailureReason.CertificateRevoked));
                Assert.That(result.Failure.StatusCode, Is.EqualTo(437));
            });
        }
    }

    [Test]
    public async Task Good_certificate_with_a_crl_verifies()
    {
        var crlPath = NewPath("ca.crl");
        var (chain, key) = _pki.IssueLeaf(new TestLeafOptions { CrlDistributionPointUrl = _server.Url(crlPath) });
        using (key)
        {
            var path = NewPath();
            _server.MapText(path, chain.ToPem());
            _server.MapBytes(crlPath, _pki.IssueCrl([_pki.Leaf], _clock.GetUtcNow().AddHours(-1), _clock.GetUtcNow().AddDays(7)), "application/pkix-crl");
            var result = await VerifyAsync(_server.Url(path), revocation: RevocationMode.HardFail, key: key);
            Assert.That(result.IsSuccess, Is.True, result.Failure?.Diagnostic);
        }
    }
}
