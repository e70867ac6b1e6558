using System.Text.Json;
using StirShaken.Identity.Interop.Tests.Infrastructure;

namespace StirShaken.Identity.Interop.Tests.Cli;

/// <summary>Rich Call Data in the CLI: <c>sign --rcd-name/--rcd-icon/--call-reason</c>, <c>verify --json</c> "rcd", <c>inspect</c>.</summary>
[TestFixture]
public sealed class RichCallDataCliTests
{
    private CliFixturePki _fixture = null!;

    [OneTimeSetUp]
    public void SetUp() => _fixture = new CliFixturePki();

    [OneTimeTearDown]
    public void TearDown() => _fixture.Dispose();

    [Test]
    public void SignWithRcd_VerifyJsonHasTheRcdObject_InspectShowsIt()
    {
        var unsigned = _fixture.Files.Write("unsigned-rcd.sip", InteropInvite.Create(DateTimeOffset.FromUnixTimeSeconds(CliFixturePki.Now)));
        var icon = _fixture.Files.Write("logo.png", "not really a png");
        var signed = CliRunner.Run("sign", "--key", _fixture.Files.KeyPem, "--x5u", InteropInvite.HttpsX5u, "--message", unsigned,
            "--rcd-name", "Acme Pharmacy", "--rcd-icon", "https://brand.example.com/logo.png", "--rcd-icon-file", icon, "--call-reason", "Prescription ready");
        Assert.That(signed.ExitCode, Is.Zero, signed.ToString());

        var file = _fixture.Files.Write("signed-rcd.sip", signed.StdOut);
        var verify = CliRunner.Run(_fixture.VerifyArguments(file));
        Assert.That(verify.ExitCode, Is.Zero, verify.ToString());
        var rcd = CliJson.Parse(verify).GetProperty("rcd");
        Assert.Multiple(() =>
        {
            Assert.That(rcd.GetProperty("nam").GetString(), Is.EqualTo("Acme Pharmacy"));
            Assert.That(rcd.GetProperty("icn").GetString(), Is.EqualTo("https://brand.example.com/logo.png"));
            Assert.That(rcd.GetProperty("crn").GetString(), Is.EqualTo("Prescription ready"));
            Assert.That(rcd.GetProperty("jcard").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(rcd.GetProperty("verified").GetBoolean(), Is.False, "fetching is off, so the /icn digest is not checked");
            Assert.That(rcd.GetProperty("unverified").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(new[] { "/icn" }));
        });

        var inspect = CliRunner.Run("inspect", "--message", file);
        Assert.That(inspect.StdOut, Does.Contain("nam=\"Acme Pharmacy\"").And.Contain("crn=\"Prescription ready\"").And.Contain("rcdi /icn"));
    }

    [Test]
    public void VerifyJson_WithoutRcd_IsNull()
    {
        var file = _fixture.Files.Write("plain.sip", _fixture.SignedInvite(Passport.Attestation.A));
        var verify = CliRunner.Run(_fixture.VerifyArguments(file));
        Assert.That(CliJson.Parse(verify).GetProperty("rcd").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }
}
