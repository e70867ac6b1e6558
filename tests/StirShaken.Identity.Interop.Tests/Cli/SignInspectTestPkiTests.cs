using System.Text.Json;
using System.Text.RegularExpressions;
using StirShaken.Identity.Interop.Tests.Infrastructure;

namespace StirShaken.Identity.Interop.Tests.Cli;

/// <summary>The <c>sign</c>, <c>inspect</c> and <c>test-pki</c> contracts.</summary>
[TestFixture]
public sealed class SignInspectTestPkiTests
{
    private const string Base64Url = "[A-Za-z0-9_-]+";
    private CliFixturePki _fixture = null!;

    [OneTimeSetUp]
    public void SetUp() => _fixture = new CliFixturePki();

    [OneTimeTearDown]
    public void TearDown() => _fixture.Dispose();

    [Test]
    public void Sign_PrintsTheIdentityValue_DefaultAttestA()
    {
        var result = CliRunner.Run("sign", "--key", _fixture.Files.KeyPem, "--x5u", InteropInvite.HttpsX5u, "--orig", "+1 215-555-1212",
            "--dest", InteropInvite.Dest, "--dest", "12125550003", "--origid", "123e4567-e89b-12d3-a456-426655440000", "--iat", "1795000000");
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        var value = result.StdOut.TrimEnd('\n');
        Assert.That(value, Does.Match($"^{Base64Url}\\.{Base64Url}\\.{Base64Url};info=<{Regex.Escape(InteropInvite.HttpsX5u)}>;alg=ES256;ppt=shaken$"));

        var claims = Inspect(value).GetProperty("claims");
        Assert.Multiple(() =>
        {
            Assert.That(claims.String("attest"), Is.EqualTo("A"));
            Assert.That(claims.GetProperty("orig").String("tn"), Is.EqualTo(InteropInvite.Orig));
            Assert.That(claims.GetProperty("dest").GetProperty("tn").GetArrayLength(), Is.EqualTo(2));
            Assert.That(claims.GetProperty("iat").GetInt64(), Is.EqualTo(1795000000));
            Assert.That(claims.String("origid"), Is.EqualTo("123e4567-e89b-12d3-a456-426655440000"));
        });
    }

    [Test]
    public void Sign_Compact()
    {
        var result = CliRunner.Run("sign", "--key", _fixture.Files.KeyPem, "--x5u", InteropInvite.HttpsX5u, "--orig", InteropInvite.Orig, "--dest", InteropInvite.Dest, "--compact");
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.StdOut.TrimEnd('\n'), Does.Match($"^\\.\\.{Base64Url};info=<[^>]+>;alg=ES256;ppt=shaken$"));
    }

    [Test]
    public void Sign_Message_AddsIdentity_ThatVerifies()
    {
        var unsigned = _fixture.Files.Write("unsigned.sip", InteropInvite.Create(DateTimeOffset.FromUnixTimeSeconds(CliFixturePki.Now)));
        var signed = CliRunner.Run("sign", "--key", _fixture.Files.KeyPem, "--x5u", InteropInvite.HttpsX5u, "--message", unsigned, "--attest", "C");
        Assert.That(signed.ExitCode, Is.Zero, signed.ToString());
        Assert.That(signed.StdOut, Does.StartWith("INVITE ").And.Contain("\r\nIdentity: "));

        var verify = CliRunner.Run(_fixture.VerifyArguments(_fixture.Files.Write("signed-by-cli.sip", signed.StdOut)));
        Assert.That(verify.ExitCode, Is.Zero, verify.ToString());
        Assert.That(CliJson.Parse(verify).String("attestation"), Is.EqualTo("C"));
    }

    [Test]
    public void Sign_MessageWithAnUnparseableDate_ReplacesIt_SoTheOutputVerifies()
    {
        var invite = InteropInvite.Create(DateTimeOffset.FromUnixTimeSeconds(CliFixturePki.Now));
        var dateLine = invite.Split("\r\n").Single(l => l.StartsWith("Date: ", StringComparison.Ordinal));
        var unsigned = _fixture.Files.Write("bad-date.sip", invite.Replace(dateLine, "Date: not a date", StringComparison.Ordinal));

        var signed = CliRunner.Run("sign", "--key", _fixture.Files.KeyPem, "--x5u", InteropInvite.HttpsX5u, "--message", unsigned,
            "--iat", CliFixturePki.Now.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.That(signed.ExitCode, Is.Zero, signed.ToString());
        Assert.That(signed.StdOut, Does.Not.Contain("not a date"));

        var verify = CliRunner.Run(_fixture.VerifyArguments(_fixture.Files.Write("bad-date-signed.sip", signed.StdOut)));
        Assert.That(verify.ExitCode, Is.Zero, verify.ToString());
    }

    [Test]
    public void Sign_HttpX5u_WarnsOnStderr()
    {
        var result = CliRunner.Run("sign", "--key", _fixture.Files.KeyPem, "--x5u", "http://127.0.0.1/sp.pem", "--orig", InteropInvite.Orig, "--dest", InteropInvite.Dest);
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.StdErr, Does.StartWith("stir-identity: warning:"));
    }

    [Test]
    public void Inspect_Message_WithCertificateSummary()
    {
        var file = _fixture.Files.Write("inspect.sip", _fixture.SignedInvite(Passport.Attestation.B));
        var result = CliRunner.Run("inspect", "--message", file, "--cert", _fixture.CertArgument, "--json");
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        var identity = CliJson.Parse(result).GetProperty("identities")[0];
        Assert.Multiple(() =>
        {
            Assert.That(identity.String("form"), Is.EqualTo("full"));
            Assert.That(identity.GetProperty("parameters").String("info"), Is.EqualTo(InteropInvite.HttpsX5u));
            Assert.That(identity.GetProperty("parameters").String("ppt"), Is.EqualTo("shaken"));
            Assert.That(identity.GetProperty("header").String("typ"), Is.EqualTo("passport"));
            Assert.That(identity.GetProperty("claims").String("attest"), Is.EqualTo("B"));
            var certificate = identity.GetProperty("certificate");
            Assert.That(certificate.String("spc"), Is.EqualTo("1234"));
            Assert.That(certificate.String("subject"), Does.Contain("SHAKEN 1234"));
            Assert.That(certificate.String("issuer"), Does.Contain("Intermediate"));
            Assert.That(certificate.String("notAfter"), Does.Match(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$"));
        });

        var text = CliRunner.Run("inspect", "--message", file, "--cert", _fixture.CertArgument);
        Assert.That(text.ExitCode, Is.Zero, text.ToString());
        Assert.That(text.StdOut, Does.Contain("Identity 1 (full form)").And.Contain("spc     1234"));
    }

    [Test]
    public void Inspect_Garbage_Exit1()
    {
        var result = CliRunner.Run("inspect", "--header", "not-a-jws;info=<https://x/y>", "--json");
        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(CliJson.Parse(result).GetProperty("identities")[0].String("error"), Is.Not.Null);
    }

    [Test]
    public void TestPki_WritesTheFiles_WithTheSpc()
    {
        var directory = _fixture.Files.Path("test-pki-out");
        var result = CliRunner.Run("test-pki", "--out", directory, "--spc", "7777");
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        foreach (var name in new[] { "root.pem", "intermediate.pem", "sp.pem", "sp-key.pem", "chain.pem" })
        {
            Assert.That(File.Exists(Path.Combine(directory, name)), Is.True, name);
        }

        Assert.That(File.ReadAllText(Path.Combine(directory, "chain.pem")), Does.Contain("BEGIN CERTIFICATE").And.Contain("END CERTIFICATE"));
        Assert.That(File.ReadAllText(Path.Combine(directory, "sp-key.pem")), Does.Contain("PRIVATE KEY"));
        var inspect = CliRunner.Run("inspect", "--header", "..AAAA;info=<https://x.example/sp.pem>", "--cert", $"https://x.example/sp.pem={Path.Combine(directory, "chain.pem")}", "--json");
        Assert.That(CliJson.Parse(inspect).GetProperty("identities")[0].GetProperty("certificate").String("spc"), Is.EqualTo("7777"));

        // The files work end to end: sign with the key, verify against the root.
        var signed = CliRunner.Run("sign", "--key", Path.Combine(directory, "sp-key.pem"), "--x5u", InteropInvite.HttpsX5u, "--message",
            _fixture.Files.Write("pki-unsigned.sip", InteropInvite.Create(DateTimeOffset.FromUnixTimeSeconds(CliFixturePki.Now))));
        var piped = CliRunner.Run(["verify", "--message", "-", "--trust-anchor", Path.Combine(directory, "root.pem"), "--cert",
            $"{InteropInvite.HttpsX5u}={Path.Combine(directory, "chain.pem")}", "--at", CliFixturePki.Now.ToString(System.Globalization.CultureInfo.InvariantCulture), "--json"], stdin: signed.StdOut);
        Assert.That(piped.ExitCode, Is.Zero, piped.ToString());
        Assert.That(CliJson.Parse(piped).String("spc"), Is.EqualTo("7777"));
    }

    private static JsonElement Inspect(string value)
    {
        var result = CliRunner.Run("inspect", "--header", value, "--json");
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        return CliJson.Parse(result).GetProperty("identities")[0];
    }
}
