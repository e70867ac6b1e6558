using StirShaken.Identity.Interop.Tests.Infrastructure;
using StirShaken.Identity.Passport;
using StirShaken.Identity.Signing;

namespace StirShaken.Identity.Interop.Tests.Cli;

/// <summary>Issue 13 items 10-11 on the CLI: version, hints, --at checks, profiles, national numbers, lab http, --cert at the last '='.</summary>
[TestFixture]
public sealed class AdoptionCliTests
{
    private CliFixturePki _fixture = null!;

    [OneTimeSetUp]
    public void SetUp() => _fixture = new CliFixturePki();

    [OneTimeTearDown]
    public void TearDown() => _fixture.Dispose();

    private static string At => CliFixturePki.Now.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private string Signed(string x5u, string? info = null, string from = "+" + InteropInvite.Orig)
    {
        using var signer = new PassportSigner(_fixture.Files.Pki.LeafKey, x5u, new InteropClock(CliFixturePki.Now));
        var token = signer.CreatePassport(new SigningRequest(InteropInvite.Orig, [InteropInvite.Dest], Attestation.A));
        return InteropInvite.Create(DateTimeOffset.FromUnixTimeSeconds(CliFixturePki.Now), InteropInvite.IdentityValue(token.FullForm, info ?? x5u), from: from);
    }

    private ProcessResult Verify(string message, params string[] extra) =>
        CliRunner.Run(["verify", "--message", _fixture.Files.Write(Guid.NewGuid().ToString("N") + ".sip", message), "--trust-anchor", _fixture.Files.RootPem, "--at", At, "--json", .. extra]);

    [Test]
    public void Version_prints_the_package_version()
    {
        var result = CliRunner.Run("--version");
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.StdOut, Does.Match(@"^stir-identity \d+\.\d+\.\d+"));
    }

    [TestCase("verify", "--trust-anchors", "did you mean '--trust-anchor'?")]
    [TestCase("verfy", null, "did you mean 'verify'?")]
    [TestCase("verify", "--profle", "did you mean '--profile'?")]
    public void Unknown_names_get_a_did_you_mean(string command, string? option, string hint)
    {
        var result = CliRunner.Run(option is null ? [command] : [command, option, "x"]);
        Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
        Assert.That(result.StdErr, Does.Contain(hint));
    }

    [TestCase("-5", "must not be negative")]
    [TestCase("1795479600000", "looks like milliseconds: give Unix seconds (e.g. 1795479600)")]
    public void At_is_checked(string at, string message)
    {
        var result = CliRunner.Run("verify", "--message", "-", "--trust-anchor", _fixture.Files.RootPem, "--at", at);
        Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
        Assert.That(result.StdErr, Does.Contain(message));
    }

    [Test]
    public void No_dotnet_exception_text_reaches_the_user()
    {
        var result = CliRunner.Run("sign", "--key", _fixture.Files.KeyPem, "--x5u", InteropInvite.HttpsX5u, "--orig", "abc", "--dest", "2");
        Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
        Assert.That(result.StdErr, Does.Not.Contain("(Parameter").And.Not.Contain("Exception"));
    }

    [TestCase(null, 438)]
    [TestCase("rfc8224", 438)]
    [TestCase("atis", 436)]
    [TestCase("man", 436)]
    public void Profile_selects_the_code_for_x5u_not_info(string? profile, int code)
    {
        var message = Signed(InteropInvite.HttpsX5u, info: "https://cert.example.org/other.pem");
        var result = profile is null ? Verify(message, "--cert", _fixture.CertArgument) : Verify(message, "--cert", _fixture.CertArgument, "--profile", profile);
        Assert.That(CliJson.Parse(result).GetProperty("statusCode").GetInt32(), Is.EqualTo(code), result.ToString());
    }

    // The MAN-plan cases with their own reasons, end to end: an Identity without alg (RFC 8224 §4.1 default ES256),
    // and a caller without a telephone number ("++4", the MAN plan's own example).
    [TestCase(null, ";info=<" + InteropInvite.HttpsX5u + ">;ppt=shaken", "+" + InteropInvite.Orig, 0, 200, null, null)]
    [TestCase("man", ";info=<" + InteropInvite.HttpsX5u + ">;ppt=shaken", "+" + InteropInvite.Orig, 1, 437, "MissingAlgParameter", "Unsupported Credential")]
    [TestCase("man", ";info=<" + InteropInvite.HttpsX5u + ">;alg=ES256;ppt=shaken;toto=titi", "+" + InteropInvite.Orig, 1, 438, "IdentityParameterRejected", "Invalid Identity Header")]
    [TestCase("rfc8224", ";info=<" + InteropInvite.HttpsX5u + ">;alg=ES256;ppt=shaken", "++4", 1, 438, "CallerTnUnusable", "Invalid Identity Header")]
    [TestCase("man", ";info=<" + InteropInvite.HttpsX5u + ">;alg=ES256;ppt=shaken", "++4", 1, 400, "CallerTnUnusable", "Bad Request")]
    public void Man_profile_cases_end_to_end(string? profile, string parameters, string from, int exitCode, int code, string? reason, string? phrase)
    {
        using var signer = new PassportSigner(_fixture.Files.Pki.LeafKey, InteropInvite.HttpsX5u, new InteropClock(CliFixturePki.Now));
        var token = signer.CreatePassport(new SigningRequest(InteropInvite.Orig, [InteropInvite.Dest], Attestation.A));
        var message = InteropInvite.Create(DateTimeOffset.FromUnixTimeSeconds(CliFixturePki.Now), token.FullForm + parameters, from: from);
        var result = profile is null ? Verify(message, "--cert", _fixture.CertArgument) : Verify(message, "--cert", _fixture.CertArgument, "--profile", profile);
        var json = CliJson.Parse(result);
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(exitCode), result.ToString());
            Assert.That(json.GetProperty("statusCode").GetInt32(), Is.EqualTo(code), result.ToString());
            Assert.That(json.String("reason"), Is.EqualTo(reason));
            if (phrase is not null)
            {
                Assert.That(json.String("response"), Does.StartWith($"SIP/2.0 {code} {phrase}").And.Contain($"Reason: SIP ;cause={code} ;text=\"{phrase}\""));
            }
        });
    }

    [Test]
    public void Unknown_profile_is_a_usage_error()
    {
        var result = Verify(Signed(InteropInvite.HttpsX5u), "--profile", "mann");
        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.StdErr, Does.Contain("did you mean 'man'?"));
    }

    [Test]
    public void Default_region_reads_national_numbers()
    {
        var message = Signed(InteropInvite.HttpsX5u, from: "2155551212");
        Assert.Multiple(() =>
        {
            Assert.That(CliJson.Parse(Verify(message, "--cert", _fixture.CertArgument)).String("reason"), Is.EqualTo("OrigMismatch"));
            var result = Verify(message, "--cert", _fixture.CertArgument, "--default-region", "US");
            Assert.That(result.ExitCode, Is.Zero, result.ToString());
        });
    }

    [Test]
    public void Insecure_http_is_an_explicit_flag()
    {
        const string http = "http://cert.example.org/sp.pem";
        var message = Signed(http);
        var cert = $"{http}={_fixture.Files.ChainPem}";
        Assert.Multiple(() =>
        {
            Assert.That(CliJson.Parse(Verify(message, "--cert", cert)).String("reason"), Is.EqualTo("InfoUrlRefused"));
            var result = Verify(message, "--cert", cert, "--insecure-http");
            Assert.That(result.ExitCode, Is.Zero, result.ToString());
        });
    }

    [Test]
    public void Cert_splits_at_the_last_equals_sign()
    {
        const string url = "https://cert.example.org/key=value/sp.pem";
        var result = Verify(Signed(url), "--cert", $"{url}={_fixture.Files.ChainPem}");
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
    }

    [Test]
    public void Inspect_shows_header_and_claims_when_the_parameters_are_malformed()
    {
        using var signer = new PassportSigner(_fixture.Files.Pki.LeafKey, InteropInvite.HttpsX5u, new InteropClock(CliFixturePki.Now));
        var token = signer.CreatePassport(new SigningRequest(InteropInvite.Orig, [InteropInvite.Dest], Attestation.A));
        var result = CliRunner.Run("inspect", "--header", token.FullForm + ";info=https://no-angle-brackets;alg");
        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.StdOut, Does.Contain("\"ppt\":\"shaken\"").And.Contain("\"orig\":{\"tn\":\"" + InteropInvite.Orig + "\"}"));
    }

    [Test]
    public void Test_pki_writes_an_anchor_folder_usable_as_trust_anchor()
    {
        var folder = Path.Combine(Path.GetTempPath(), "stir-cli-pki-" + Guid.NewGuid().ToString("N"));
        try
        {
            Assert.That(CliRunner.Run("test-pki", "--out", folder).ExitCode, Is.Zero);
            var signed = CliRunner.Run("sign", "--key", Path.Combine(folder, "sp-key.pem"), "--x5u", InteropInvite.HttpsX5u, "--orig", InteropInvite.Orig, "--dest", InteropInvite.Dest);
            var message = InteropInvite.Create(DateTimeOffset.UtcNow, signed.StdOut.Trim());
            var file = Path.Combine(folder, "m.sip");
            File.WriteAllText(file, message);
            var result = CliRunner.Run("verify", "--message", file, "--trust-anchor", Path.Combine(folder, "anchors"), "--cert", $"{InteropInvite.HttpsX5u}={Path.Combine(folder, "chain.pem")}");
            Assert.That(result.ExitCode, Is.Zero, result.ToString());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
