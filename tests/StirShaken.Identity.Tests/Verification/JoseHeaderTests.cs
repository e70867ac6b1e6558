using System.Security.Cryptography;
using System.Text;
using StirShaken.Identity.Passport;
using StirShaken.Identity.Verification;

namespace StirShaken.Identity.Tests.Verification;

/// <summary>
/// Issue 8 §2: RFC 7515 §4.1 and RFC 8225 §4, parameter by parameter, one test per decision (README
/// "JOSE header parameters"); the security-relevant parameters are judged before the token's own structure.
/// </summary>
public class JoseHeaderTests
{
    private const string Parameters = ";info=<" + TestCall.X5u + ">;alg=ES256;ppt=shaken";

    private TestCall _call = null!;

    [SetUp]
    public void SetUp() => _call = new TestCall();

    [TearDown]
    public void TearDown() => _call.Dispose();

    // ---- alg (RFC 7515 §4.1.1, RFC 8225 §4.2) ----

    [Test]
    public async Task Alg_Absent_Is438MissingClaim() =>
        AssertFailure(await VerifyHeader("{\"ppt\":\"shaken\",\"typ\":\"passport\",\"x5u\":\"" + TestCall.X5u + "\"}"), FailureReason.MissingClaim, 438, "\"alg\"");

    [TestCase("none")]
    [TestCase("HS256")]
    [TestCase("RS256")]
    [TestCase("es256")] // RFC 7515 §4.1.1: case-sensitive
    [TestCase("ES384")]
    public async Task Alg_NotES256_Is437(string alg) =>
        AssertFailure(await VerifyHeader(TestCall.ShakenHeader(alg: alg)), FailureReason.UnsupportedAlgorithm, 437, $"\"{alg}\"");

    [Test]
    public async Task AlgNone_WithEmptySignatureSegment_Is437_NotAMalformedHeader()
    {
        var unsigned = B64(TestCall.ShakenHeader(alg: "none")) + "." + B64(TestCall.ShakenPayload()) + ".";

        var result = await _call.Verifier().VerifyAsync(TestCall.Invite(extraHeaders: "Identity: " + unsigned + ";info=<" + TestCall.X5u + ">;ppt=shaken"));

        AssertFailure(result, FailureReason.UnsupportedAlgorithm, 437, "\"none\"");
    }

    [Test]
    public async Task AlgHS256_WithA32ByteMac_Is437_NotABadSignatureLength()
    {
        var input = B64(TestCall.ShakenHeader(alg: "HS256")) + "." + B64(TestCall.ShakenPayload());
        var mac = HMACSHA256.HashData(Encoding.ASCII.GetBytes("secret"), Encoding.ASCII.GetBytes(input));

        var result = await _call.Verifier().VerifyAsync(TestCall.Invite(extraHeaders: "Identity: " + input + "." + Base64Url.Encode(mac) + ";info=<" + TestCall.X5u + ">;ppt=shaken"));

        AssertFailure(result, FailureReason.UnsupportedAlgorithm, 437, "HS256");
    }

    [Test]
    public async Task Alg_WrongJsonType_Is438InvalidClaim() =>
        AssertFailure(await VerifyHeader("{\"alg\":256,\"ppt\":\"shaken\",\"typ\":\"passport\",\"x5u\":\"" + TestCall.X5u + "\"}"), FailureReason.InvalidClaim, 438, "\"alg\"");

    // ---- typ (RFC 7515 §4.1.9, RFC 8225 §4.1) ----

    [Test]
    public async Task Typ_Absent_Is438MissingClaim() =>
        AssertFailure(await VerifyHeader("{\"alg\":\"ES256\",\"ppt\":\"shaken\",\"x5u\":\"" + TestCall.X5u + "\"}"), FailureReason.MissingClaim, 438, "\"typ\"");

    [TestCase("PASSporT")]
    [TestCase("PASSPORT")]
    [TestCase("application/passport")]
    [TestCase("Application/PASSporT")]
    public async Task Typ_IsAMediaType_ComparedCaseInsensitively_WithOptionalApplicationPrefix(string typ) =>
        AssertPassed(await VerifyHeader(TestCall.ShakenHeader(typ: typ)));

    [TestCase("JWT")]
    [TestCase("passport+jwt")]
    [TestCase("application/jwt")]
    [TestCase("text/passport")]
    [TestCase("")]
    public async Task Typ_OtherMediaType_Is438InvalidType(string typ) =>
        AssertFailure(await VerifyHeader(TestCall.ShakenHeader(typ: typ)), FailureReason.InvalidType, 438, "typ");

    // ---- ppt (RFC 8225 §8.1, RFC 8224 §4.1) ----

    [Test]
    public async Task Ppt_ComparedCaseSensitively_WithTheParameter() =>
        AssertFailure(await VerifyHeader(TestCall.ShakenHeader(ppt: "SHAKEN")), FailureReason.PptMismatch, 438, "\"SHAKEN\"");

    // ---- crit (RFC 7515 §4.1.11) ----

    [Test]
    public async Task Crit_ListingPpt_IsUnderstood() =>
        AssertPassed(await VerifyHeader(Header(",\"crit\":[\"ppt\"]")));

    [TestCase(",\"crit\":[\"foo\"],\"foo\":1", "does not understand")]
    [TestCase(",\"crit\":[\"b64\"],\"b64\":false", "does not understand")] // RFC 7797: not implemented
    [TestCase(",\"crit\":[\"foo\"]", "does not understand")]
    [TestCase(",\"crit\":[\"alg\"]", "RFC 7515/7518")]
    [TestCase(",\"crit\":[\"x5u\"]", "RFC 7515/7518")]
    [TestCase(",\"crit\":[\"ppt\",\"ppt\"]", "twice")]
    public async Task Crit_NotUnderstoodOrMisused_Is438(string crit, string diagnostic) =>
        AssertFailure(await VerifyHeader(Header(crit)), FailureReason.InvalidClaim, 438, diagnostic);

    [TestCase(",\"crit\":[]")]
    [TestCase(",\"crit\":\"ppt\"")]
    [TestCase(",\"crit\":[\"\"]")]
    [TestCase(",\"crit\":[1]")]
    public async Task Crit_NotANonEmptyArrayOfNames_Is438InvalidClaim(string crit) =>
        AssertFailure(await VerifyHeader(Header(crit)), FailureReason.InvalidClaim, 438, "crit");

    [Test]
    public void Crit_UnderstoodSet_IsPptOnly() =>
        Assert.That(JoseHeaderRules.UnderstoodCriticalExtensions, Is.EquivalentTo(new[] { "ppt" }));

    // ---- ignored parameters (RFC 7515 §4: not understood and not critical → ignored) ----

    [TestCase(",\"kid\":\"key-1\"")]
    [TestCase(",\"jku\":\"https://attacker.example/jwks.json\"")]
    [TestCase(",\"x5c\":[\"MIIB\"]")]
    [TestCase(",\"x5t\":\"AAAA\"")]
    [TestCase(",\"x5t#S256\":\"AAAA\"")]
    [TestCase(",\"cty\":\"JWT\"")]
    [TestCase(",\"zzz-private\":{\"a\":[1,2]}")]
    public async Task OtherParameters_AreIgnored(string member) =>
        AssertPassed(await VerifyHeader(Header(member)));

    [Test]
    public async Task Jwk_IsNeverUsedAsTheKey_TheCredentialComesFromX5uOnly()
    {
        using var attacker = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var p = attacker.ExportParameters(false);
        var jwk = $",\"jwk\":{{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"{Base64Url.Encode(p.Q.X)}\",\"y\":\"{Base64Url.Encode(p.Q.Y)}\"}}";

        var result = await _call.Verifier().VerifyAsync(_call.InviteWithRawPassport(Header(jwk), TestCall.ShakenPayload(), attacker));

        AssertFailure(result, FailureReason.InvalidSignature, 438, "signature");
    }

    // ---- x5u (RFC 7515 §4.1.5, RFC 8225 §4.3, RFC 8224 §4.1) ----

    [Test]
    public async Task X5u_Absent_Is438MissingClaim() =>
        AssertFailure(await VerifyHeader("{\"alg\":\"ES256\",\"ppt\":\"shaken\",\"typ\":\"passport\"}"), FailureReason.MissingClaim, 438, "\"x5u\"");

    [Test]
    public async Task X5u_DiffersFromInfo_ByCase_Is438X5uInfoMismatch() =>
        AssertFailure(await VerifyHeader(TestCall.ShakenHeader(x5u: "https://CERT.example.org/sp.pem")), FailureReason.X5uInfoMismatch, 438, "x5u");

    // ---- JSON object rules (RFC 7515 §4, RFC 8225 §9) ----

    [Test]
    public async Task DuplicateHeaderParameter_Is438MalformedPassport() =>
        AssertFailure(await VerifyHeader("{\"alg\":\"ES256\",\"alg\":\"none\",\"ppt\":\"shaken\",\"typ\":\"passport\",\"x5u\":\"" + TestCall.X5u + "\"}"), FailureReason.MalformedPassport, 438, "duplicate");

    // ---- order: alg, typ, ppt, crit before the token's own structure ----

    [Test]
    public async Task Order_AlgBeforeTyp() =>
        AssertFailure(await VerifyHeader(TestCall.ShakenHeader(alg: "none", typ: "JWT")), FailureReason.UnsupportedAlgorithm, 437, "alg");

    [Test]
    public async Task Order_TypJudgedBeforeAPayloadThatDoesNotDecode()
    {
        var token = B64(TestCall.ShakenHeader(typ: "JWT")) + "." + B64("{not json") + "." + Base64Url.Encode(new byte[64]);

        var result = await _call.Verifier().VerifyAsync(TestCall.Invite(extraHeaders: "Identity: " + token + Parameters));

        AssertFailure(result, FailureReason.InvalidType, 438, "typ");
    }

    [Test]
    public async Task Order_CritJudgedBeforeASignatureOfTheWrongLength()
    {
        var token = B64(Header(",\"crit\":[\"foo\"],\"foo\":1")) + "." + B64(TestCall.ShakenPayload()) + "." + Base64Url.Encode(new byte[10]);

        var result = await _call.Verifier().VerifyAsync(TestCall.Invite(extraHeaders: "Identity: " + token + Parameters));

        AssertFailure(result, FailureReason.InvalidClaim, 438, "crit");
    }

    [Test]
    public async Task UndecodableHeader_WithoutPptParameter_Is438_NotSkipped()
    {
        var token = "eyL_IjoxfQ." + B64(TestCall.ShakenPayload()) + "." + Base64Url.Encode(new byte[64]);

        var result = await _call.Verifier().VerifyAsync(TestCall.Invite(extraHeaders: "Identity: " + token + ";info=<" + TestCall.X5u + ">"));

        AssertFailure(result, FailureReason.MalformedPassport, 438, "UTF-8");
    }

    private Task<VerificationResult> VerifyHeader(string headerJson) =>
        _call.Verifier().VerifyAsync(_call.InviteWithRawPassport(headerJson, TestCall.ShakenPayload())).AsTask();

    private static string Header(string extra) =>
        "{\"alg\":\"ES256\",\"ppt\":\"shaken\",\"typ\":\"passport\",\"x5u\":\"" + TestCall.X5u + "\"" + extra + "}";

    private static string B64(string json) => Base64Url.Encode(Encoding.UTF8.GetBytes(json));

    private static void AssertPassed(VerificationResult result) =>
        Assert.That(result.Status, Is.EqualTo(VerificationStatus.Passed), result.ToString());

    private static void AssertFailure(VerificationResult result, FailureReason reason, int code, string diagnostic)
    {
        Assert.That(result.Failure, Is.Not.Null, result.ToString());
        Assert.That(result.Failure!.Reason, Is.EqualTo(reason), result.Failure.Detail);
        Assert.That(result.Failure.StatusCode, Is.EqualTo(code));
        Assert.That(result.Failure.Detail, Does.Contain(diagnostic));
    }
}
