using System.Text;
using StirShaken.Identity.Passport;

namespace StirShaken.Identity.Tests.Passport;

public class PassportTokenTests
{
    private const string Rfc8225Header = "{\"alg\":\"ES256\",\"typ\":\"passport\",\"x5u\":\"https://cert.example.org/passport.cer\"}";
    private const string Rfc8225Payload = "{\"dest\":{\"uri\":[\"sip:alice@example.com\"]},\"iat\":1471375418,\"orig\":{\"tn\":\"12155551212\"}}";

    [Test]
    public void AppendixA_SegmentsDecodeToTheCanonicalJson()
    {
        var token = PassportToken.TryParse(Vectors.Text("Rfc8225", "v1-appendix-a.jws")).GetValueOrThrow();

        Assert.That(token.Header.ToCanonicalJson(), Is.EqualTo(Rfc8225Header));
        Assert.That(token.Claims.ToCanonicalJson(), Is.EqualTo(Rfc8225Payload));
        Assert.That(token.Claims.DestUris, Is.EqualTo(new[] { "sip:alice@example.com" }));
        Assert.That(token.Claims.IssuedAt, Is.EqualTo(1471375418));
    }

    [Test]
    public void CanonicalWriter_ReproducesTheAppendixASegments()
    {
        var original = PassportToken.TryParse(Vectors.Text("Rfc8225", "v1-appendix-a.jws")).GetValueOrThrow();
        var claims = new PassportClaims(PassportIdentity.FromTn("12155551212"), [], 1471375418, destUris: ["sip:alice@example.com"]);
        var rebuilt = PassportToken.FromParts(new PassportHeader("https://cert.example.org/passport.cer", ppt: null), claims, original.Signature);

        Assert.That(rebuilt.HeaderSegment, Is.EqualTo(original.HeaderSegment));
        Assert.That(rebuilt.PayloadSegment, Is.EqualTo(original.PayloadSegment));
    }

    [Test]
    public void AppendixASignature_DoesNotVerifyUnderEitherPrintedKey()
    {
        var token = PassportToken.TryParse(Vectors.Text("Rfc8225", "v1-appendix-a.jws")).GetValueOrThrow();
        using var a2 = Vectors.Key("Rfc8225", "a2-public-key.pem");
        using var a1 = Vectors.Key("Rfc8225", "a1-derived-public-key.pem");

        Assert.That(token.VerifySignature(a2), Is.False);
        Assert.That(token.VerifySignature(a1), Is.False);
    }

    [Test]
    public void V3ShakenVector_VerifiesWithTheA1Key()
    {
        var token = PassportToken.TryParse(Vectors.Text("Rfc8225", "v3-shaken.jws")).GetValueOrThrow();
        using var a1 = Vectors.Key("Rfc8225", "a1-derived-public-key.pem");

        Assert.That(token.VerifySignature(a1), Is.True);
        Assert.That(token.Claims.Attestation, Is.EqualTo(Attestation.A));
        Assert.That(token.Claims.OrigId, Is.EqualTo("123e4567-e89b-12d3-a456-426655440000"));
        Assert.That(token.Header.Ppt, Is.EqualTo("shaken"));
    }

    [Test]
    public void V3ShakenVector_TamperedPayload_DoesNotVerify()
    {
        var jws = Vectors.Text("Rfc8225", "v3-shaken.jws");
        var parts = jws.Split('.');
        var payload = Encoding.UTF8.GetString(Base64Url.TryDecode(parts[1]).GetValueOrThrow()).Replace("12125551213", "12125551214", StringComparison.Ordinal);
        var tampered = PassportToken.TryParse($"{parts[0]}.{Base64Url.Encode(Encoding.UTF8.GetBytes(payload))}.{parts[2]}").GetValueOrThrow();
        using var a1 = Vectors.Key("Rfc8225", "a1-derived-public-key.pem");

        Assert.That(tampered.VerifySignature(a1), Is.False);
    }

    [Test]
    public void Section71CompactForm_RebuiltCanonically_VerifiesAtTheCryptoLayer()
    {
        // RFC 8225 §7.1: the compact form "..sig" is verified over header and payload rebuilt
        // canonically. Its payload has a string iat (erratum 5985), so only the crypto layer applies.
        var full = Vectors.Text("Rfc8225", "v2-section-7-1.jws");
        var signature = Base64Url.TryDecode(full.Split('.')[2]).GetValueOrThrow();
        var header = Rebuild("{\"x5u\":\"https://cert.example.org/passport.cer\",\"typ\":\"passport\",\"alg\":\"ES256\"}");
        var payload = Rebuild("{\"orig\":{\"tn\":\"12155551212\"},\"iat\":\"1443208345\",\"dest\":{\"uri\":[\"sip:alice@example.com\"]}}");
        using var a2 = Vectors.Key("Rfc8225", "a2-public-key.pem");

        Assert.That($"{header}.{payload}.{full.Split('.')[2]}", Is.EqualTo(full));
        Assert.That(a2.VerifyData(Encoding.ASCII.GetBytes(header + "." + payload), signature, System.Security.Cryptography.HashAlgorithmName.SHA256), Is.True);
    }

    [Test]
    public void Section71Vector_StringIat_IsRejectedByTheClaimValidator()
    {
        var result = PassportToken.TryParse(Vectors.Text("Rfc8225", "v2-section-7-1.jws"));

        Assert.That(result.IsSuccess, Is.False);
        Assert.That(result.Error.Code, Is.EqualTo(ParseErrorCode.InvalidClaim));
        Assert.That(result.Error.Message, Does.Contain("iat"));
    }

    [TestCaseSource(nameof(MalformedPayloads))]
    public void MalformedPassport_IsRejectedWithItsCode(string payloadJson, ParseErrorCode expected)
    {
        var token = $"{Base64Url.Encode(Encoding.UTF8.GetBytes(Rfc8225Header))}.{Base64Url.Encode(Encoding.UTF8.GetBytes(payloadJson))}.{Base64Url.Encode(new byte[64])}";

        var result = PassportToken.TryParse(token);

        Assert.That(result.IsSuccess, Is.False);
        Assert.That(result.Error.Code, Is.EqualTo(expected));
    }

    private static IEnumerable<TestCaseData> MalformedPayloads()
    {
        yield return new TestCaseData("{\"dest\":{\"tn\":[\"1\"]},\"iat\":1,\"iat\":2,\"orig\":{\"tn\":\"2\"}}", ParseErrorCode.DuplicateJsonKey).SetName("DuplicateTopLevelKey_IsMalformed");
        yield return new TestCaseData("{\"dest\":{\"tn\":[\"1\"],\"tn\":[\"3\"]},\"iat\":1,\"orig\":{\"tn\":\"2\"}}", ParseErrorCode.DuplicateJsonKey).SetName("DuplicateNestedKey_IsMalformed");
        yield return new TestCaseData("[1,2]", ParseErrorCode.InvalidJson).SetName("JsonArray_IsNotAPassport");
        yield return new TestCaseData("{\"iat\":1,", ParseErrorCode.InvalidJson).SetName("TruncatedJson_IsMalformed");
        yield return new TestCaseData("{\"dest\":{\"tn\":[\"1\"]},\"iat\":1,\"orig\":{\"tn\":\"2\"}} x", ParseErrorCode.InvalidJson).SetName("TrailingData_IsMalformed");
        yield return new TestCaseData("{\"dest\":{\"tn\":[\"1\"]},\"orig\":{\"tn\":\"2\"}}", ParseErrorCode.MissingClaim).SetName("MissingIat_IsMissingClaim");
        yield return new TestCaseData("{\"dest\":{\"tn\":[\"1\"]},\"iat\":1}", ParseErrorCode.MissingClaim).SetName("MissingOrig_IsMissingClaim");
        yield return new TestCaseData("{\"iat\":1,\"orig\":{\"tn\":\"2\"}}", ParseErrorCode.MissingClaim).SetName("MissingDest_IsMissingClaim");
        yield return new TestCaseData("{\"dest\":{\"tn\":[\"1\"]},\"iat\":1.5,\"orig\":{\"tn\":\"2\"}}", ParseErrorCode.InvalidClaim).SetName("FractionalIat_IsInvalid");
        yield return new TestCaseData("{\"dest\":{\"tn\":[\"1\"]},\"iat\":1,\"orig\":{\"tn\":[\"2\"]}}", ParseErrorCode.InvalidClaim).SetName("OrigTnArray_IsInvalid");
        yield return new TestCaseData("{\"dest\":{\"tn\":[\"1\"]},\"iat\":1,\"orig\":{\"tn\":\"2\",\"uri\":\"sip:a@b\"}}", ParseErrorCode.InvalidClaim).SetName("OrigWithTwoIdentities_IsInvalid");
        yield return new TestCaseData("{\"dest\":{\"tn\":\"1\"},\"iat\":1,\"orig\":{\"tn\":\"2\"}}", ParseErrorCode.InvalidClaim).SetName("DestTnString_IsInvalid");
        yield return new TestCaseData("{\"dest\":{\"tn\":[]},\"iat\":1,\"orig\":{\"tn\":\"2\"}}", ParseErrorCode.InvalidClaim).SetName("EmptyDestTn_IsInvalid");
        yield return new TestCaseData("{\"attest\":1,\"dest\":{\"tn\":[\"1\"]},\"iat\":1,\"orig\":{\"tn\":\"2\"}}", ParseErrorCode.InvalidClaim).SetName("NumericAttest_IsInvalid");
        yield return new TestCaseData("{\"dest\":{\"tn\":[\"1\"]},\"iat\":1,\"orig\":{\"tn\":\"2\"},\"origid\":null}", ParseErrorCode.InvalidClaim).SetName("NullOrigId_IsInvalid");
    }

    [TestCase("a.b", ParseErrorCode.WrongSegmentCount, TestName = "TwoSegments_AreRejected")]
    [TestCase("a.b.c.d", ParseErrorCode.WrongSegmentCount, TestName = "FourSegments_AreRejected")]
    [TestCase("..c", ParseErrorCode.WrongSegmentCount, TestName = "CompactForm_IsNotAFullFormToken")]
    [TestCase("e30=.e30.AA", ParseErrorCode.InvalidBase64Url, TestName = "PaddedHeader_IsRejected")]
    public void StructurallyBrokenToken_IsRejected(string token, ParseErrorCode expected)
    {
        Assert.That(PassportToken.TryParse(token).Error.Code, Is.EqualTo(expected));
    }

    [Test]
    public void ShortSignature_IsRejectedAsWrongLength()
    {
        var jws = Vectors.Text("Rfc8225", "v3-shaken.jws");
        var parts = jws.Split('.');

        var result = PassportToken.TryParse($"{parts[0]}.{parts[1]}.{Base64Url.Encode(new byte[70])}");

        Assert.That(result.Error.Code, Is.EqualTo(ParseErrorCode.InvalidSignatureLength));
    }

    [Test]
    public void UnknownClaims_ArePreservedAsCanonicalJson()
    {
        var payload = "{\"dest\":{\"tn\":[\"1\"]},\"mky\":{\"b\":1, \"a\":[true,null]},\"iat\":1,\"orig\":{\"tn\":\"2\"}}";
        var token = $"{Base64Url.Encode(Encoding.UTF8.GetBytes(Rfc8225Header))}.{Base64Url.Encode(Encoding.UTF8.GetBytes(payload))}.{Base64Url.Encode(new byte[64])}";

        var parsed = PassportToken.TryParse(token).GetValueOrThrow();

        Assert.That(parsed.Claims.OtherClaims["mky"].GetRawText(), Is.EqualTo("{\"a\":[true,null],\"b\":1}"));
    }

    private static string Rebuild(string json)
    {
        var node = Identity.Passport.Json.StrictJsonReader.ReadObject(Encoding.UTF8.GetBytes(json)).GetValueOrThrow();
        return Base64Url.Encode(Identity.Passport.Json.CanonicalJsonWriter.ToUtf8(node));
    }
}
