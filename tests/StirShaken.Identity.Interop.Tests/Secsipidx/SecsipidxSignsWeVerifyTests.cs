using System.Text;
using StirShaken.Identity.Certificates;
using StirShaken.Identity.Interop.Tests.Infrastructure;
using StirShaken.Identity.Passport;
using StirShaken.Identity.Verification;

namespace StirShaken.Identity.Interop.Tests.Secsipidx;

/// <summary>secsipidx signs (full form); our library and our CLI verify, and reject tampered tokens with the right codes.</summary>
[TestFixture]
public sealed class SecsipidxSignsWeVerifyTests
{
    private const string X5u = InteropInvite.HttpsX5u;
    private InteropPki _pki = null!;
    private InteropPki _otherPki = null!;

    [OneTimeSetUp]
    public void SetUp()
    {
        _ = Infrastructure.Secsipidx.Path; // fail loudly when the peer is missing
        _pki = new InteropPki("1234");
        _otherPki = new InteropPki("5678");
    }

    [OneTimeTearDown]
    public void TearDown()
    {
        _pki.Dispose();
        _otherPki.Dispose();
    }

    [TestCase("A")]
    [TestCase("B")]
    [TestCase("C")]
    public async Task SignFull_VerifiedByLibraryAndCli(string attest)
    {
        var now = InteropInvite.Now;
        var identity = Infrastructure.Secsipidx.SignFull(_pki.KeyPem, X5u, InteropInvite.Orig, InteropInvite.Dest, attest);
        Assert.That(identity, Does.EndWith($";info=<{X5u}>;alg=ES256;ppt=shaken"));
        var invite = InteropInvite.Create(DateTimeOffset.FromUnixTimeSeconds(now), identity);

        var result = await LibraryVerifier(now).VerifyAsync(invite);
        Assert.That(result.IsSuccess, Is.True, result.ToString());
        Assert.That(result.Attestation, Is.EqualTo(Enum.Parse<Attestation>(attest)));
        Assert.That(result.Spc, Is.EqualTo("1234"));

        var cli = CliVerify.Json(_pki, invite, X5u, now);
        Assert.That(cli.ExitCode, Is.Zero, cli.ToString());
        var json = CliJson.Parse(cli);
        Assert.Multiple(() =>
        {
            Assert.That(json.GetProperty("verified").GetBoolean(), Is.True);
            Assert.That(json.GetProperty("statusCode").GetInt32(), Is.EqualTo(200));
            Assert.That(json.String("attestation"), Is.EqualTo(attest));
            Assert.That(json.String("orig"), Is.EqualTo(InteropInvite.Orig));
            Assert.That(json.GetProperty("dest").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(new[] { InteropInvite.Dest }));
            Assert.That(json.String("spc"), Is.EqualTo("1234"));
            Assert.That(json.String("origid"), Is.Not.Empty);
        });
    }

    [TestCase("A")]
    [TestCase("B")]
    [TestCase("C")]
    public async Task SeveralDestinations_VerifiedByLibraryAndCli(string attest)
    {
        // -sign-full takes one -d (a comma list becomes ONE string); several TNs need -sign with JSON.
        var now = InteropInvite.Now;
        var identity = Infrastructure.Secsipidx.SignShaken(_pki.KeyPem, X5u, InteropInvite.Orig, ["12125550001", InteropInvite.Dest, "12125550003"], attest, now);
        var invite = InteropInvite.Create(DateTimeOffset.FromUnixTimeSeconds(now), identity);

        var result = await LibraryVerifier(now).VerifyAsync(invite);
        Assert.That(result.IsSuccess, Is.True, result.ToString());
        Assert.That(result.Dest, Has.Count.EqualTo(3));

        var cli = CliVerify.Json(_pki, invite, X5u, now);
        Assert.That(cli.ExitCode, Is.Zero, cli.ToString());
        Assert.That(CliJson.Parse(cli).GetProperty("dest").GetArrayLength(), Is.EqualTo(3));
    }

    [Test]
    public void TamperedPayload_Is438InvalidSignature()
    {
        var now = InteropInvite.Now;
        var identity = Infrastructure.Secsipidx.SignFull(_pki.KeyPem, X5u, InteropInvite.Orig, InteropInvite.Dest, "C");
        var parts = identity.Split(';')[0].Split('.');
        var claims = Encoding.UTF8.GetString(Base64Url.TryDecode(parts[1]).GetValueOrThrow()).Replace("\"attest\":\"C\"", "\"attest\":\"A\"", StringComparison.Ordinal);
        var tampered = InteropInvite.IdentityValue($"{parts[0]}.{Base64Url.Encode(Encoding.UTF8.GetBytes(claims))}.{parts[2]}", X5u);
        AssertCliFailure(InteropInvite.Create(DateTimeOffset.FromUnixTimeSeconds(now), tampered), now, 438, nameof(FailureReason.InvalidSignature));
    }

    [Test]
    public void WrongKey_Is438InvalidSignature()
    {
        var now = InteropInvite.Now;
        var identity = Infrastructure.Secsipidx.SignFull(_otherPki.KeyPem, X5u, InteropInvite.Orig, InteropInvite.Dest, "A");
        AssertCliFailure(InteropInvite.Create(DateTimeOffset.FromUnixTimeSeconds(now), identity), now, 438, nameof(FailureReason.InvalidSignature));
    }

    [Test]
    public void ExpiredIat_Is403()
    {
        var now = InteropInvite.Now;
        var iat = now - 3600;
        var identity = Infrastructure.Secsipidx.SignShaken(_pki.KeyPem, X5u, InteropInvite.Orig, [InteropInvite.Dest], "A", iat);
        AssertCliFailure(InteropInvite.Create(DateTimeOffset.FromUnixTimeSeconds(iat), identity), now, 403, nameof(FailureReason.StaleIat));
    }

    [Test]
    public void UnknownCa_Is437()
    {
        var now = InteropInvite.Now;
        var identity = Infrastructure.Secsipidx.SignFull(_otherPki.KeyPem, X5u, InteropInvite.Orig, InteropInvite.Dest, "A");
        var invite = InteropInvite.Create(DateTimeOffset.FromUnixTimeSeconds(now), identity);
        var cli = CliVerify.Json(_pki, invite, X5u, now, chainPem: _otherPki.ChainPem);
        AssertFailure(cli, 437, nameof(FailureReason.CertificateUntrusted));
    }

    private void AssertCliFailure(string invite, long now, int code, string reason) => AssertFailure(CliVerify.Json(_pki, invite, X5u, now), code, reason);

    internal static void AssertFailure(ProcessResult cli, int code, string reason)
    {
        Assert.That(cli.ExitCode, Is.EqualTo(1), cli.ToString());
        var json = CliJson.Parse(cli);
        Assert.Multiple(() =>
        {
            Assert.That(json.GetProperty("verified").GetBoolean(), Is.False);
            Assert.That(json.GetProperty("statusCode").GetInt32(), Is.EqualTo(code), cli.StdOut);
            Assert.That(json.String("reason"), Is.EqualTo(reason), cli.StdOut);
            Assert.That(json.String("verstat"), Is.EqualTo(Verstat.Failed));
            Assert.That(json.String("response"), Does.StartWith($"SIP/2.0 {code} "));
            Assert.That(json.String("response"), Does.Contain($"Reason: SIP ;cause={code}"));
        });
    }

    private StirShakenVerifier LibraryVerifier(long now) =>
        new(new InMemoryCertificateSource().Add(X5u, _pki.Pki.Chain), new CertificateValidator(_pki.Pki.TrustAnchors),
            new VerifierOptions { RequireIdentity = true }, new StirShakenVerifierDependencies { TimeProvider = new InteropClock(now) });
}
