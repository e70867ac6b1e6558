using StirShaken.Identity.Interop.Tests.Infrastructure;
using StirShaken.Identity.Passport;
using StirShaken.Identity.Signing;

namespace StirShaken.Identity.Interop.Tests.Secsipidx;

/// <summary>
/// We sign (library and CLI); secsipidx verifies. Two ways: <c>secsipidx -check -fpubkey</c> (its CLI
/// never fetches x5u), and its HTTP service <c>POST /v1/check</c>, which fetches the chain from our
/// local HTTP server and validates it with <c>-cert-verify 5 -ca-file root.pem</c> (validity + CA file).
/// </summary>
[TestFixture]
public sealed class WeSignSecsipidxVerifiesTests
{
    private InteropPki _pki = null!;

    [OneTimeSetUp]
    public void SetUp()
    {
        _ = Infrastructure.Secsipidx.Path;
        _pki = new InteropPki("1234");
    }

    [OneTimeTearDown]
    public void TearDown() => _pki.Dispose();

    [TestCase(Attestation.A)]
    [TestCase(Attestation.B)]
    [TestCase(Attestation.C)]
    public void LibrarySigned_AcceptedBySecsipidxCheck(Attestation attestation)
    {
        using var signer = new PassportSigner(_pki.Pki.LeafKey, InteropInvite.HttpsX5u);
        var identity = signer.CreateIdentityHeader(new SigningRequest(InteropInvite.Orig, [InteropInvite.Dest, "12125550003"], attestation));
        var check = Infrastructure.Secsipidx.CheckWithPublicKey(identity, _pki.LeafPem, _pki.Directory);
        Assert.That(check.ExitCode, Is.Zero, check.ToString());
        Assert.That(check.StdOut, Does.Contain("ok").And.Not.Contain("not-ok"));
    }

    [TestCase("A")]
    [TestCase("B")]
    [TestCase("C")]
    public void CliSigned_AcceptedBySecsipidxCheck(string attest)
    {
        var sign = CliRunner.Run("sign", "--key", _pki.KeyPem, "--x5u", InteropInvite.HttpsX5u, "--orig", InteropInvite.Orig,
            "--dest", InteropInvite.Dest, "--dest", "12125550003", "--attest", attest);
        Assert.That(sign.ExitCode, Is.Zero, sign.ToString());
        var check = Infrastructure.Secsipidx.CheckWithPublicKey(sign.StdOut.Trim(), _pki.LeafPem, _pki.Directory);
        Assert.That(check.ExitCode, Is.Zero, check.ToString());
    }

    [Test]
    public async Task SecsipidxService_FetchesOurChain_AndValidatesItAgainstTheCaFile()
    {
        using var certificates = new LocalCertificateServer();
        var x5u = certificates.Publish("sp.pem", _pki.Pki.ChainPem);
        using var service = SecsipidxServer.Start("-expire", "60", "-cert-verify", "5", "-ca-file", _pki.RootPem);
        using var signer = new PassportSigner(_pki.Pki.LeafKey, x5u);
        foreach (var attestation in new[] { Attestation.A, Attestation.B, Attestation.C })
        {
            var identity = signer.CreateIdentityHeader(new SigningRequest(InteropInvite.Orig, [InteropInvite.Dest], attestation));
            Assert.That(await service.CheckAsync(identity), Is.True, $"attest {attestation}; secsipidx log:\n{service.Log}");
        }

        Assert.That(certificates.Requests, Is.GreaterThanOrEqualTo(1), "secsipidx did not fetch x5u");
    }

    [Test]
    public async Task SecsipidxService_WithAnotherCaFile_RejectsOurChain()
    {
        using var other = new InteropPki("5678");
        using var certificates = new LocalCertificateServer();
        var x5u = certificates.Publish("sp.pem", _pki.Pki.ChainPem);
        using var service = SecsipidxServer.Start("-expire", "60", "-cert-verify", "5", "-ca-file", other.RootPem);
        using var signer = new PassportSigner(_pki.Pki.LeafKey, x5u);
        var identity = signer.CreateIdentityHeader(new SigningRequest(InteropInvite.Orig, [InteropInvite.Dest], Attestation.A));
        Assert.That(await service.CheckAsync(identity), Is.False);
        Assert.That(service.Log, Does.Contain("unknown authority"));
    }

    [Test]
    public void OurCompactForm_RejectedBySecsipidx_AsByUs()
    {
        using var signer = new PassportSigner(_pki.Pki.LeafKey, InteropInvite.HttpsX5u);
        var identity = signer.CreateIdentityHeader(new SigningRequest(InteropInvite.Orig, [InteropInvite.Dest], Attestation.A), compact: true);
        Assert.That(identity, Does.StartWith(".."));
        var check = Infrastructure.Secsipidx.CheckWithPublicKey(identity, _pki.LeafPem, _pki.Directory);
        Assert.That(check.ExitCode, Is.Not.Zero, check.ToString());
        Assert.That(check.StdOut, Does.Contain("not-ok"));
    }
}
