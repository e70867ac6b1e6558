using StirShaken.Identity.Interop.Tests.Infrastructure;

namespace StirShaken.Identity.Interop.Tests.Cli;

/// <summary>The RFC 8946 contracts of the CLI: <c>sign --div</c>, <c>verify --json</c> <c>diversions</c>, <c>inspect</c> chains.</summary>
[TestFixture]
public sealed class SignDivTests
{
    private CliFixturePki _fixture = null!;

    [OneTimeSetUp]
    public void SetUp() => _fixture = new CliFixturePki();

    [OneTimeTearDown]
    public void TearDown() => _fixture.Dispose();

    [Test]
    public void SignDiv_AddsADivHeader_TheCallVerifiesWithItsDiversion_AndInspectShowsTheChain()
    {
        var unsigned = _fixture.Files.Write("div-unsigned.sip", InteropInvite.Create(DateTimeOffset.FromUnixTimeSeconds(CliFixturePki.Now)));
        var signed = CliRunner.Run("sign", "--key", _fixture.Files.KeyPem, "--x5u", InteropInvite.HttpsX5u, "--message", unsigned);
        Assert.That(signed.ExitCode, Is.Zero, signed.ToString());
        var signedPath = _fixture.Files.Write("div-signed.sip", signed.StdOut);

        // The same key and x5u sign the div here (the test PKI's SPC covers every number).
        var forwarded = CliRunner.Run("sign", "--div", "--message", signedPath, "--new-target", "+1 212 555 0199", "--key", _fixture.Files.KeyPem, "--x5u", InteropInvite.HttpsX5u, "--hi", "1.1");
        Assert.That(forwarded.ExitCode, Is.Zero, forwarded.ToString());
        Assert.That(forwarded.StdOut, Does.StartWith("INVITE sip:+12125550199@").And.Contain(";ppt=\"div\""));
        var forwardedPath = _fixture.Files.Write("div-forwarded.sip", forwarded.StdOut);

        var verify = CliRunner.Run(_fixture.VerifyArguments(forwardedPath));
        Assert.That(verify.ExitCode, Is.Zero, verify.ToString());
        var json = CliJson.Parse(verify);
        var hop = json.GetProperty("diversions")[0];
        Assert.Multiple(() =>
        {
            Assert.That(json.GetProperty("verified").GetBoolean(), Is.True);
            Assert.That(json.GetProperty("statusCode").GetInt32(), Is.EqualTo(200));
            Assert.That(json.String("attestation"), Is.EqualTo("A"));
            Assert.That(hop.String("from"), Is.EqualTo(InteropInvite.Dest));
            Assert.That(hop.GetProperty("to")[0].GetString(), Is.EqualTo("12125550199"));
            Assert.That(hop.String("hi"), Is.EqualTo("1.1"));
            Assert.That(hop.GetProperty("verified").GetBoolean(), Is.True);
            Assert.That(hop.GetProperty("reason").ValueKind, Is.EqualTo(System.Text.Json.JsonValueKind.Null));
        });

        var inspect = CliRunner.Run("inspect", "--message", forwardedPath);
        Assert.That(inspect.StdOut, Does.Contain($"Diversion chain  1 shaken {InteropInvite.Orig} -> {InteropInvite.Dest} | 2 div {InteropInvite.Dest} -> 12125550199"));
    }

    [Test]
    public void SignDiv_WithoutMessage_OrOnAnUnsignedRequest_IsAUsageError()
    {
        var unsigned = _fixture.Files.Write("div-plain.sip", InteropInvite.Create(DateTimeOffset.FromUnixTimeSeconds(CliFixturePki.Now)));

        var noMessage = CliRunner.Run("sign", "--div", "--new-target", "12125550199", "--key", _fixture.Files.KeyPem, "--x5u", InteropInvite.HttpsX5u);
        var noIdentity = CliRunner.Run("sign", "--div", "--message", unsigned, "--new-target", "12125550199", "--key", _fixture.Files.KeyPem, "--x5u", InteropInvite.HttpsX5u);

        Assert.That(noMessage.ExitCode, Is.EqualTo(2), noMessage.ToString());
        Assert.That(noIdentity.ExitCode, Is.EqualTo(2), noIdentity.ToString());
        Assert.That(noIdentity.StdErr, Does.Contain("RFC 8946 §4.1"));
    }
}
