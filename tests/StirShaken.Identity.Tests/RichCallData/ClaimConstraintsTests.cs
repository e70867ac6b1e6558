using System.Security.Cryptography.X509Certificates;
using StirShaken.Identity.Certificates;
using StirShaken.Identity.Passport;
using StirShaken.Identity.Passport.Json;
using StirShaken.Identity.Verification;

namespace StirShaken.Identity.Tests.Rcd;

/// <summary>RFC 8226 §8 / RFC 9118 §3 claim constraints: decoding, encoding, enforcement.</summary>
public class ClaimConstraintsTests
{
    private const string RcdiValue = "{\"/icn\":\"sha256-SnEfXNA8Cf15ri8Zuy9xFo5xwYt1YmJqGujZnrwyEv8\",\"/nam\":\"sha256-D2w3i40qS4CjXJ7NzZHvx2qGa5XhiBQO6PGyGz/9lWk\"}";

    [Test]
    public void ExampleDer_Decodes_AndReencodesByteForByte()
    {
        var der = File.ReadAllBytes(Vectors.Path("Rcd", "example_ejcc.der"));
        Assert.That(der, Has.Length.EqualTo(213));
        var decoded = JwtClaimConstraints.TryDecode(der, enhanced: true);
        Assert.That(decoded.IsSuccess, Is.True, decoded.ToString());
        var c = decoded.Value!;
        Assert.That(c.MustInclude, Is.EqualTo(new[] { "rcd", "rcdi" }));
        Assert.That(c.PermittedValues["rcdi"], Is.EqualTo(new[] { RcdiValue }));
        Assert.That(c.PermittedValues["crn"], Is.EqualTo(new[] { "Prescription ready", "Refill reminder" }));
        Assert.That(c.MustExclude, Is.EqualTo(new[] { "div" }));
        Assert.That(c.IsEnhanced, Is.True);
        Assert.That(Convert.ToHexString(c.Encode()).ToLowerInvariant(), Is.EqualTo(File.ReadAllText(Vectors.Path("Rcd", "jcc_der.out")).Split('\n')[5].Trim()));
        Assert.That(c.Encode(), Is.EqualTo(der));
    }

    [Test]
    public void Rfc9118ExampleCertificate_Constraints()
    {
        using var certificate = X509Certificate2.CreateFromPem(File.ReadAllText(Vectors.Path("Rcd", "rfc9118_cert.pem")));
        var read = JwtClaimConstraints.TryRead(certificate)!.Value;
        Assert.That(read.IsSuccess, Is.True, read.ToString());
        Assert.That(read.Value!.MustInclude, Is.EqualTo(new[] { "confidence" }));
        Assert.That(read.Value.PermittedValues["confidence"], Is.EqualTo(new[] { "high", "medium" }));
        Assert.That(read.Value.MustExclude, Is.EqualTo(new[] { "priority" }));
    }

    [Test]
    public void Rfc8226Form_HasNoMustExclude_AndRoundTrips()
    {
        var c = new JwtClaimConstraints(["crn"], new Dictionary<string, IReadOnlyList<string>> { ["crn"] = ["Refill reminder"] });
        Assert.That(c.IsEnhanced, Is.False);
        Assert.That(c.ToExtension().Oid!.Value, Is.EqualTo(JwtClaimConstraints.Oid));
        var back = JwtClaimConstraints.TryDecode(c.Encode(), enhanced: false);
        Assert.That(back.Value!.PermittedValues["crn"], Is.EqualTo(new[] { "Refill reminder" }));
        // [2] is not part of id-pe 27: decoding the enhanced DER as RFC 8226 fails.
        Assert.That(JwtClaimConstraints.TryDecode(File.ReadAllBytes(Vectors.Path("Rcd", "example_ejcc.der")), enhanced: false).IsSuccess, Is.False);
    }

    [TestCase("")]
    [TestCase("3000")]
    [TestCase("3003a00130")]
    [TestCase("30053003a0013000")]
    public void Malformed_Fails(string hex) =>
        Assert.That(JwtClaimConstraints.TryDecode(Convert.FromHexString(hex), enhanced: true).IsSuccess, Is.False);

    private static PassportClaims Claims(string extra) =>
        PassportClaims.FromJson(StrictJsonReader.ReadObject(System.Text.Encoding.UTF8.GetBytes(
            "{\"attest\":\"A\",\"dest\":{\"tn\":[\"12125551213\"]},\"iat\":1,\"orig\":{\"tn\":\"12155551212\"},\"origid\":\"x\"" + extra + "}")).Value!).Value!;

    private static readonly JwtClaimConstraints RcdProfile = JwtClaimConstraints.TryDecode(File.ReadAllBytes(Vectors.Path("Rcd", "example_ejcc.der")), true).Value!;

    [Test]
    public void Enforcement_PermittedRcdiObject_ComparedCanonically_InAnyMemberOrder()
    {
        var claims = Claims(",\"rcd\":{\"nam\":\"Acme Pharmacy\"},\"rcdi\":{\"/nam\":\"sha256-D2w3i40qS4CjXJ7NzZHvx2qGa5XhiBQO6PGyGz/9lWk\",\"/icn\":\"sha256-SnEfXNA8Cf15ri8Zuy9xFo5xwYt1YmJqGujZnrwyEv8\"},\"crn\":\"Refill reminder\"");
        Assert.That(ClaimConstraintEnforcement.Check(RcdProfile, claims), Is.Null);
    }

    [TestCase(",\"rcd\":{\"nam\":\"x\"}", "rcdi")]
    [TestCase(",\"rcd\":{\"nam\":\"x\"},\"rcdi\":{\"/nam\":\"sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"}", "rcdi")]
    [TestCase(",\"rcd\":{\"nam\":\"x\"},\"rcdi\":" + RcdiValue + ",\"crn\":\"Win a cruise\"", "crn")]
    [TestCase(",\"rcd\":{\"nam\":\"x\"},\"rcdi\":" + RcdiValue + ",\"div\":{\"tn\":\"1\"}", "div")]
    public void Enforcement_Violations(string extra, string claim)
    {
        var failure = ClaimConstraintEnforcement.Check(RcdProfile, Claims(extra));
        Assert.That(failure, Is.Not.Null);
        Assert.That(failure!.Reason, Is.EqualTo(FailureReason.ClaimConstraintsViolated));
        Assert.That(failure.Detail, Does.Contain($"\"{claim}\""));
        Assert.That(FailureReasons.Get(failure.Reason).StatusCode, Is.EqualTo(438));
    }

    [Test]
    public void Enforcement_BaselineClaimInMustExclude_IgnoresTheExtension()
    {
        var c = new JwtClaimConstraints(mustInclude: ["rcd"], mustExclude: ["iat"]);
        Assert.That(c.IsIgnored, Is.True);
        Assert.That(ClaimConstraintEnforcement.Check(c, Claims(string.Empty)), Is.Null);
    }
}
