using StirShaken.Identity.Interop.Tests.Infrastructure;

namespace StirShaken.Identity.Interop.Tests.Cli;

/// <summary>Usage and I/O errors: exit 2, exactly one stderr line "stir-identity: error: ...", never a stack trace.</summary>
[TestFixture]
public sealed class ErrorContractTests
{
    private CliFixturePki _fixture = null!;

    [OneTimeSetUp]
    public void SetUp() => _fixture = new CliFixturePki();

    [OneTimeTearDown]
    public void TearDown() => _fixture.Dispose();

    private static IEnumerable<TestCaseData> Cases()
    {
        yield return new TestCaseData((object)new[] { "frobnicate" }).SetName("UnknownCommand");
        yield return new TestCaseData((object)new[] { "verify", "--bogus" }).SetName("UnknownOption");
        yield return new TestCaseData((object)new[] { "verify", "--message" }).SetName("MissingValue");
        yield return new TestCaseData((object)new[] { "verify", "--trust-anchor", "{root}" }).SetName("NeitherMessageNorBatch");
        yield return new TestCaseData((object)new[] { "verify", "--message", "{msg}" }).SetName("NoTrustAnchor");
        yield return new TestCaseData((object)new[] { "verify", "--message", "/no/such/file.sip", "--trust-anchor", "{root}" }).SetName("MissingMessageFile");
        yield return new TestCaseData((object)new[] { "verify", "--message", "{msg}", "--trust-anchor", "/no/such/root.pem" }).SetName("MissingTrustAnchor");
        yield return new TestCaseData((object)new[] { "verify", "--message", "{msg}", "--trust-anchor", "{badpem}" }).SetName("BadTrustAnchorPem");
        yield return new TestCaseData((object)new[] { "verify", "--message", "{msg}", "--trust-anchor", "{root}", "--cert", "https://x/y={badpem}" }).SetName("BadCertPem");
        yield return new TestCaseData((object)new[] { "verify", "--message", "{msg}", "--trust-anchor", "{root}", "--cert", "no-equals" }).SetName("BadCertArgument");
        yield return new TestCaseData((object)new[] { "verify", "--message", "{msg}", "--trust-anchor", "{root}", "--at", "yesterday" }).SetName("BadAt");
        yield return new TestCaseData((object)new[] { "verify", "--message", "{msg}", "--message", "{msg}", "--trust-anchor", "{root}" }).SetName("RepeatedSingleOption");
        yield return new TestCaseData((object)new[] { "sign", "--key", "{badpem}", "--x5u", "https://x/y", "--orig", "1", "--dest", "2" }).SetName("SignBadKey");
        yield return new TestCaseData((object)new[] { "sign", "--key", "{key}", "--x5u", "https://x/y", "--orig", "1", "--dest", "2", "--attest", "D" }).SetName("SignBadAttest");
        yield return new TestCaseData((object)new[] { "sign", "--key", "{key}", "--x5u", "not a url", "--orig", "1", "--dest", "2" }).SetName("SignBadX5u");
        yield return new TestCaseData((object)new[] { "sign", "--key", "{key}", "--x5u", "https://x/y", "--orig", "abc", "--dest", "2" }).SetName("SignBadOrig");
        yield return new TestCaseData((object)new[] { "sign", "--key", "{key}", "--x5u", "https://x/y", "--dest", "2" }).SetName("SignMissingOrig");
        yield return new TestCaseData((object)new[] { "inspect" }).SetName("InspectNothing");
        yield return new TestCaseData((object)new[] { "test-pki" }).SetName("TestPkiNoOut");
        yield return new TestCaseData((object)new[] { "test-pki", "--out", "{root}" }).SetName("TestPkiOutIsAFile");
    }

    [TestCaseSource(nameof(Cases))]
    public void Exit2_OneLine_NoStackTrace(string[] template)
    {
        var badPem = _fixture.Files.Write("bad.pem", "-----BEGIN CERTIFICATE-----\nnot base64!!\n-----END CERTIFICATE-----\n");
        var message = _fixture.Files.Write("error-case.sip", _fixture.SignedInvite());
        var arguments = template.Select(a => a
            .Replace("{root}", _fixture.Files.RootPem, StringComparison.Ordinal)
            .Replace("{msg}", message, StringComparison.Ordinal)
            .Replace("{badpem}", badPem, StringComparison.Ordinal)
            .Replace("{key}", _fixture.Files.KeyPem, StringComparison.Ordinal)).ToArray();

        var result = CliRunner.Run(arguments);
        Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
        var lines = result.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(1), result.ToString());
        Assert.That(lines[0], Does.StartWith("stir-identity: error: "));
        Assert.That(result.StdErr, Does.Not.Contain("   at ").And.Not.Contain("Exception:"));
    }

    [TestCase("verify")]
    [TestCase("sign")]
    [TestCase("inspect")]
    [TestCase("test-pki")]
    public void Help_Exit0(string command)
    {
        var result = CliRunner.Run(command, "--help");
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.StdOut, Does.Contain($"Usage: stir-identity {command} "));
        Assert.That(result.StdErr, Is.Empty);
    }

    [Test]
    public void VerifyHelp_SaysX5uIsFetchedOverHttpsWithoutCert()
    {
        var result = CliRunner.Run("verify", "--help");
        Assert.That(result.StdOut, Does.Contain("fetched over HTTPS").And.Not.Contain("not fetched"));
    }

    [Test]
    public void NoArguments_PrintsHelp_Exit2()
    {
        var result = CliRunner.Run();
        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.StdOut, Does.Contain("Commands:"));
    }
}
