using StirShaken.Identity.Interop.Tests.Infrastructure;
using StirShaken.Identity.Verification;

namespace StirShaken.Identity.Interop.Tests.Secsipidx;

/// <summary>
/// Where secsipidx (Debian v1.2.0) and we disagree, pinned as evidence for README "Interop". Each
/// test runs the same token through both: secsipidx's verdict, then ours with its SIP code.
/// </summary>
[TestFixture]
public sealed class SecsipidxDifferencesTests
{
    private const string X5u = InteropInvite.HttpsX5u;
    private InteropPki _pki = null!;

    [OneTimeSetUp]
    public void SetUp()
    {
        _ = Infrastructure.Secsipidx.Path;
        _pki = new InteropPki("1234");
    }

    [OneTimeTearDown]
    public void TearDown() => _pki.Dispose();

    [Test]
    public void FutureIat_AcceptedBySecsipidx_403ForUs()
    {
        var now = InteropInvite.Now;
        var identity = Infrastructure.Secsipidx.SignShaken(_pki.KeyPem, X5u, InteropInvite.Orig, [InteropInvite.Dest], "A", now + 3600);
        AssertSecsipidxAccepts(identity);
        var cli = CliVerify.Json(_pki, InteropInvite.Create(DateTimeOffset.FromUnixTimeSeconds(now), identity), X5u, now);
        SecsipidxSignsWeVerifyTests.AssertFailure(cli, 403, nameof(FailureReason.FutureIat));
    }

    [Test]
    public void StaleIat_RejectedByBoth()
    {
        var now = InteropInvite.Now;
        var identity = Infrastructure.Secsipidx.SignShaken(_pki.KeyPem, X5u, InteropInvite.Orig, [InteropInvite.Dest], "A", now - 120);
        var check = Infrastructure.Secsipidx.CheckWithPublicKey(identity, _pki.LeafPem, _pki.Directory);
        Assert.That(check.StdOut, Does.Contain("expired token"), check.ToString());
        var cli = CliVerify.Json(_pki, InteropInvite.Create(DateTimeOffset.FromUnixTimeSeconds(now), identity), X5u, now);
        SecsipidxSignsWeVerifyTests.AssertFailure(cli, 403, nameof(FailureReason.StaleIat));
    }

    [Test]
    public void OrigNotInSip_AcceptedBySecsipidx_438ForUs()
    {
        // secsipidx verifies the header value alone; the SIP From/PAI and To are never compared.
        var now = InteropInvite.Now;
        var identity = Infrastructure.Secsipidx.SignFull(_pki.KeyPem, X5u, "12155550000", InteropInvite.Dest, "A");
        AssertSecsipidxAccepts(identity);
        var cli = CliVerify.Json(_pki, InteropInvite.Create(DateTimeOffset.FromUnixTimeSeconds(now), identity), X5u, now);
        SecsipidxSignsWeVerifyTests.AssertFailure(cli, 438, nameof(FailureReason.OrigMismatch));
    }

    [Test]
    public void CommaSeparatedDest_IsOneTnForSecsipidx_438ForUs()
    {
        var now = InteropInvite.Now;
        var identity = Infrastructure.Secsipidx.SignFull(_pki.KeyPem, X5u, InteropInvite.Orig, InteropInvite.Dest + ",12125550003", "A");
        var inspect = CliRunner.Run("inspect", "--header", identity, "--json");
        Assert.That(inspect.StdOut, Does.Contain($"\"tn\":[\"{InteropInvite.Dest},12125550003\"]"), inspect.ToString());
        var cli = CliVerify.Json(_pki, InteropInvite.Create(DateTimeOffset.FromUnixTimeSeconds(now), identity), X5u, now);
        SecsipidxSignsWeVerifyTests.AssertFailure(cli, 438, nameof(FailureReason.DestMismatch));
    }

    [Test]
    public void EmptyOrigid_AcceptedBySecsipidx_438ForUs()
    {
        // secsipidx -sign (JSON) leaves origid "" unless -orig-id is given.
        var now = InteropInvite.Now;
        var identity = Infrastructure.Secsipidx.SignShaken(_pki.KeyPem, X5u, InteropInvite.Orig, [InteropInvite.Dest], "A", now, origId: string.Empty);
        AssertSecsipidxAccepts(identity);
        var cli = CliVerify.Json(_pki, InteropInvite.Create(DateTimeOffset.FromUnixTimeSeconds(now), identity), X5u, now);
        SecsipidxSignsWeVerifyTests.AssertFailure(cli, 438, nameof(FailureReason.InvalidClaim));
    }

    [Test]
    public void X5uNotInfo_RejectedByBoth()
    {
        var now = InteropInvite.Now;
        var identity = Infrastructure.Secsipidx.SignFull(_pki.KeyPem, X5u, InteropInvite.Orig, InteropInvite.Dest, "A");
        var other = identity.Replace($"info=<{X5u}>", "info=<https://cert.example.org/other.pem>", StringComparison.Ordinal);
        var check = Infrastructure.Secsipidx.CheckWithPublicKey(other, _pki.LeafPem, _pki.Directory);
        Assert.That(check.StdOut, Does.Contain("mismatching value for x5u and info"), check.ToString());
        var cli = CliVerify.Json(_pki, InteropInvite.Create(DateTimeOffset.FromUnixTimeSeconds(now), other), "https://cert.example.org/other.pem", now);
        SecsipidxSignsWeVerifyTests.AssertFailure(cli, 438, nameof(FailureReason.X5uInfoMismatch));
    }

    [Test]
    public async Task UntrustedChain_AcceptedBySecsipidxByDefault_437ForUs()
    {
        // Default -cert-verify 0: any certificate found at info is used; we always validate the chain.
        using var stranger = new InteropPki("9999");
        using var certificates = new LocalCertificateServer();
        var x5u = certificates.Publish("sp.pem", stranger.Pki.ChainPem);
        using var service = SecsipidxServer.Start("-expire", "60");
        var now = InteropInvite.Now;
        var identity = Infrastructure.Secsipidx.SignFull(stranger.KeyPem, x5u, InteropInvite.Orig, InteropInvite.Dest, "A");
        Assert.That(await service.CheckAsync(identity), Is.True, service.Log);

        // Same token; our verifier is given the same chain for that URL (and refuses http first: see HttpInfo test).
        var https = Infrastructure.Secsipidx.SignFull(stranger.KeyPem, X5u, InteropInvite.Orig, InteropInvite.Dest, "A");
        var cli = CliVerify.Json(_pki, InteropInvite.Create(DateTimeOffset.FromUnixTimeSeconds(now), https), X5u, now, chainPem: stranger.ChainPem);
        SecsipidxSignsWeVerifyTests.AssertFailure(cli, 437, nameof(FailureReason.CertificateUntrusted));
    }

    [Test]
    public async Task HttpInfo_FetchedBySecsipidx_436ForUs()
    {
        using var certificates = new LocalCertificateServer();
        var x5u = certificates.Publish("sp.pem", _pki.Pki.ChainPem);
        using var service = SecsipidxServer.Start("-expire", "60", "-cert-verify", "5", "-ca-file", _pki.RootPem);
        var now = InteropInvite.Now;
        var identity = Infrastructure.Secsipidx.SignFull(_pki.KeyPem, x5u, InteropInvite.Orig, InteropInvite.Dest, "A");
        Assert.That(await service.CheckAsync(identity), Is.True, service.Log);
        var cli = CliVerify.Json(_pki, InteropInvite.Create(DateTimeOffset.FromUnixTimeSeconds(now), identity), x5u, now);
        SecsipidxSignsWeVerifyTests.AssertFailure(cli, 436, nameof(FailureReason.InfoUrlRefused));
    }

    private void AssertSecsipidxAccepts(string identity)
    {
        var check = Infrastructure.Secsipidx.CheckWithPublicKey(identity, _pki.LeafPem, _pki.Directory);
        Assert.That(check.ExitCode, Is.Zero, check.ToString());
    }
}
