using System.Text.Json;
using StirShaken.Identity.Interop.Tests.Infrastructure;

namespace StirShaken.Identity.Interop.Tests.Cli;

/// <summary>The <c>stir-identity verify</c> contract: exit codes, JSON fields, summary, stdin, --at, --cert.</summary>
[TestFixture]
public sealed class VerifyCommandTests
{
    private CliFixturePki _fixture = null!;

    [OneTimeSetUp]
    public void SetUp() => _fixture = new CliFixturePki();

    [OneTimeTearDown]
    public void TearDown() => _fixture.Dispose();

    [Test]
    public void Verified_Exit0_WithEveryJsonField()
    {
        var file = _fixture.Files.Write("ok.sip", _fixture.SignedInvite(Passport.Attestation.B));
        var result = CliRunner.Run(_fixture.VerifyArguments(file));
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        var json = CliJson.Parse(result);
        foreach (var field in new[] { "verified", "statusCode", "reasonPhrase", "reason", "diagnostic", "attestation", "orig", "dest", "origid", "spc", "verstat", "response" })
        {
            Assert.That(json.TryGetProperty(field, out _), Is.True, $"missing field {field}");
        }

        Assert.Multiple(() =>
        {
            Assert.That(json.GetProperty("verified").GetBoolean(), Is.True);
            Assert.That(json.GetProperty("statusCode").GetInt32(), Is.EqualTo(200));
            Assert.That(json.String("reasonPhrase"), Is.EqualTo("OK"));
            Assert.That(json.GetProperty("reason").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(json.GetProperty("response").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(json.String("attestation"), Is.EqualTo("B"));
            Assert.That(json.String("orig"), Is.EqualTo(InteropInvite.Orig));
            Assert.That(json.GetProperty("dest")[0].GetString(), Is.EqualTo(InteropInvite.Dest));
            Assert.That(json.String("origid"), Is.EqualTo("123e4567-e89b-12d3-a456-426655440000"));
            Assert.That(json.String("spc"), Is.EqualTo("1234"));
            Assert.That(json.String("verstat"), Is.EqualTo("TN-Validation-Passed"));
        });
    }

    [Test]
    public void Tampered_Exit1_438WithResponse()
    {
        var file = _fixture.Files.Write("tampered.sip", _fixture.TamperedInvite());
        var result = CliRunner.Run(_fixture.VerifyArguments(file));
        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        var json = CliJson.Parse(result);
        Assert.Multiple(() =>
        {
            Assert.That(json.GetProperty("verified").GetBoolean(), Is.False);
            Assert.That(json.GetProperty("statusCode").GetInt32(), Is.EqualTo(438));
            Assert.That(json.String("reasonPhrase"), Is.EqualTo("Invalid Identity Header"));
            Assert.That(json.String("reason"), Is.EqualTo("InvalidSignature"));
            Assert.That(json.String("diagnostic"), Does.Contain("Fix:"));
            Assert.That(json.String("verstat"), Is.EqualTo("TN-Validation-Failed"));
            Assert.That(json.String("response"), Does.StartWith("SIP/2.0 438 Invalid Identity Header\r\n").And.Contain("Reason: SIP ;cause=438"));
        });
    }

    [Test]
    public void NoIdentity_Exit1_428()
    {
        var file = _fixture.Files.Write("plain.sip", InteropInvite.Create(DateTimeOffset.FromUnixTimeSeconds(CliFixturePki.Now)));
        var result = CliRunner.Run(_fixture.VerifyArguments(file));
        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(CliJson.Parse(result).GetProperty("statusCode").GetInt32(), Is.EqualTo(428));
        Assert.That(CliJson.Parse(result).String("reason"), Is.EqualTo("NoIdentity"));
    }

    [Test]
    public void At_SetsTheClock_LaterIs403()
    {
        var file = _fixture.Files.Write("late.sip", _fixture.SignedInvite());
        var arguments = _fixture.VerifyArguments(file);
        arguments[Array.IndexOf(arguments, "--at") + 1] = (CliFixturePki.Now + 3600).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var result = CliRunner.Run(arguments);
        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(CliJson.Parse(result).GetProperty("statusCode").GetInt32(), Is.EqualTo(403));
    }

    [Test]
    public void WithoutCert_FetchesOverHttps_AndTheSsrfFilterRefusesLoopback()
    {
        // No --cert: the CLI uses the library's HTTPS fetcher, whose SSRF filter refuses 127.0.0.1 (436).
        const string loopback = "https://127.0.0.1/sp.pem";
        using var signer = new Signing.PassportSigner(_fixture.Files.Pki.LeafKey, loopback, new InteropClock(CliFixturePki.Now));
        var signed = signer.Sign(Identity.Sip.SipMessage.Parse(InteropInvite.Create(DateTimeOffset.FromUnixTimeSeconds(CliFixturePki.Now))), Passport.Attestation.A).ToString();
        var file = _fixture.Files.Write("nocert.sip", signed);

        var result = CliRunner.Run("verify", "--message", file, "--trust-anchor", _fixture.Files.RootPem, "--at", CliFixturePki.Now.ToString(System.Globalization.CultureInfo.InvariantCulture), "--json");

        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        var json = CliJson.Parse(result);
        Assert.That(json.GetProperty("statusCode").GetInt32(), Is.EqualTo(436));
        Assert.That(json.String("reason"), Is.EqualTo("InfoUrlRefused"));
        Assert.That(json.String("diagnostic"), Does.Contain("127.0.0.1"));
    }

    [Test]
    public void CertForARefusedUrl_StillRefusedByPolicy()
    {
        // --cert serves a URL; it does not bypass the x5u URL policy (http, port, query...).
        const string http = "http://cert.example.org/sp.pem";
        using var signer = new Signing.PassportSigner(_fixture.Files.Pki.LeafKey, http, new InteropClock(CliFixturePki.Now));
        var signed = signer.Sign(Identity.Sip.SipMessage.Parse(InteropInvite.Create(DateTimeOffset.FromUnixTimeSeconds(CliFixturePki.Now))), Passport.Attestation.A).ToString();
        var file = _fixture.Files.Write("http.sip", signed);
        var result = CliRunner.Run("verify", "--message", file, "--trust-anchor", _fixture.Files.RootPem, "--cert", $"{http}={_fixture.Files.ChainPem}",
            "--at", CliFixturePki.Now.ToString(System.Globalization.CultureInfo.InvariantCulture), "--json");
        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(CliJson.Parse(result).String("reason"), Is.EqualTo("InfoUrlRefused"));
    }

    [Test]
    public void Stdin_AndReadableSummary()
    {
        string[] arguments = [.. _fixture.VerifyArguments("-", json: false)];
        var ok = CliRunner.Run(arguments, stdin: _fixture.SignedInvite());
        Assert.That(ok.ExitCode, Is.Zero, ok.ToString());
        Assert.That(ok.StdOut, Does.StartWith("VERIFIED  TN-Validation-Passed").And.Contain("spc          1234"));

        var failed = CliRunner.Run(arguments, stdin: _fixture.TamperedInvite());
        Assert.That(failed.ExitCode, Is.EqualTo(1), failed.ToString());
        Assert.That(failed.StdOut, Does.StartWith("FAILED  438 Invalid Identity Header (InvalidSignature)").And.Contain("SIP/2.0 438"));
    }

    [Test]
    public void SeveralTrustAnchors_AreAccepted()
    {
        using var other = new InteropPki("5678");
        var file = _fixture.Files.Write("anchors.sip", _fixture.SignedInvite());
        var result = CliRunner.Run([.. _fixture.VerifyArguments(file), "--trust-anchor", other.RootPem]);
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
    }
}
