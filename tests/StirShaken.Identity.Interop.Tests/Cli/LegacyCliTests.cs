using StirShaken.Identity.Interop.Tests.Infrastructure;
using StirShaken.Identity.Testing;

namespace StirShaken.Identity.Interop.Tests.Cli;

/// <summary>The RFC 4474 CLI contract: sign --legacy, verify --legacy-trust-anchor (with --cert for the Identity-Info URL), inspect.</summary>
[TestFixture]
public sealed class LegacyCliTests
{
    private const string Url = "https://example.com/cert.der";

    private LegacyTestPki _pki = null!;
    private string _directory = null!;

    [OneTimeSetUp]
    public void SetUp()
    {
        _pki = LegacyTestPki.Create("example.com");
        _directory = Directory.CreateTempSubdirectory("legacy-cli-").FullName;
        File.WriteAllText(Path("key.pem"), _pki.LeafKeyPem);
        File.WriteAllText(Path("ca.pem"), _pki.RootPem);
        File.WriteAllBytes(Path("cert.der"), _pki.LeafDer);
        File.WriteAllText(Path("invite.sip"),
            "INVITE sip:bob@biloxi.example.org SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1\r\nFrom: <sip:alice@example.com>;tag=1\r\n" +
            "To: <sip:bob@biloxi.example.org>\r\nCall-ID: legacy-cli\r\nCSeq: 1 INVITE\r\nContact: <sip:alice@192.0.2.1>\r\nContent-Length: 0\r\n\r\n");
    }

    [OneTimeTearDown]
    public void TearDown()
    {
        _pki.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private string Path(string name) => System.IO.Path.Combine(_directory, name);

    [Test]
    public void Sign_legacy_then_verify_with_legacy_anchors_passes_and_without_them_is_438()
    {
        var signed = CliRunner.Run("sign", "--legacy", "--key", Path("key.pem"), "--identity-info", Url, "--message", Path("invite.sip"));
        Assert.That(signed.ExitCode, Is.Zero, signed.ToString());
        Assert.That(signed.StdOut, Does.Contain("Identity-Info: <" + Url + ">;alg=rsa-sha1").And.Contain("Date: "));
        Assert.That(signed.StdErr, Does.Contain("rsa-sha1 is weak"));
        File.WriteAllText(Path("signed.sip"), signed.StdOut);

        var verified = CliRunner.Run("verify", "--message", Path("signed.sip"), "--trust-anchor", Path("ca.pem"), "--legacy-trust-anchor", Path("ca.pem"), "--cert", $"{Url}={Path("cert.der")}", "--json");
        var refused = CliRunner.Run("verify", "--message", Path("signed.sip"), "--trust-anchor", Path("ca.pem"), "--json");

        Assert.That(verified.ExitCode, Is.Zero, verified.ToString());
        var json = CliJson.Parse(verified);
        Assert.That(json.String("verstat"), Is.EqualTo("No-TN-Validation"));
        Assert.That(json.GetProperty("legacy").String("domain"), Is.EqualTo("example.com"));
        Assert.That(json.GetProperty("legacy").String("digestString"), Does.StartWith("sip:alice@example.com|sip:bob@biloxi.example.org|legacy-cli|1 INVITE|"));
        Assert.That(refused.ExitCode, Is.EqualTo(1), refused.ToString());
        Assert.That(CliJson.Parse(refused).String("reason"), Is.EqualTo("LegacyIdentityUnsupported"));
        Assert.That(CliJson.Parse(refused).String("diagnostic"), Does.Contain("--legacy-trust-anchor"));
    }

    [Test]
    public void Inspect_shows_the_pair_and_the_digest_string()
    {
        var signed = CliRunner.Run("sign", "--legacy", "--legacy-alg", "rsa-sha256", "--key", Path("key.pem"), "--identity-info", Url, "--message", Path("invite.sip"));
        File.WriteAllText(Path("signed256.sip"), signed.StdOut);

        var text = CliRunner.Run("inspect", "--message", Path("signed256.sip"), "--cert", $"{Url}={Path("cert.der")}");
        var json = CliRunner.Run("inspect", "--message", Path("signed256.sip"), "--json");

        Assert.That(text.ExitCode, Is.Zero, text.ToString());
        Assert.That(text.StdOut, Does.Contain("Identity 1 (legacy RFC 4474)").And.Contain("alg         rsa-sha256")
            .And.Contain("digest      sip:alice@example.com|sip:bob@biloxi.example.org|legacy-cli|1 INVITE|").And.Contain("certificate subject CN=example.com"));
        var identity = CliJson.Parse(json).GetProperty("identities")[0];
        Assert.That(identity.String("form"), Is.EqualTo("legacy"));
        Assert.That(identity.GetProperty("legacy").String("identityInfo"), Is.EqualTo(Url));
    }

    [TestCase("--x5u", "https://x/y", TestName = "Sign_legacy_with_x5u_is_a_usage_error")]
    [TestCase("--legacy-alg", "rsa-md5", TestName = "Sign_legacy_with_an_unknown_alg_is_a_usage_error")]
    public void Sign_legacy_usage_errors_exit_2(string option, string value)
    {
        var result = CliRunner.Run("sign", "--legacy", "--key", Path("key.pem"), "--identity-info", Url, "--message", Path("invite.sip"), option, value);

        Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
    }
}
