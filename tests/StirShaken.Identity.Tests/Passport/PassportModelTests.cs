using System.Text;
using System.Text.Json;
using StirShaken.Identity.Passport;

namespace StirShaken.Identity.Tests.Passport;

/// <summary>The open PASSporT model: typed extension claims (RFC 8946), crit (RFC 7515 §4.1.11), JSON views, positions.</summary>
public class PassportModelTests
{
    private const string DivHeader = "{\"alg\":\"ES256\",\"ppt\":\"div\",\"typ\":\"passport\",\"x5u\":\"https://cert.example.org/div.pem\"}";
    private const string DivPayload = "{\"dest\":{\"tn\":[\"14444567890\"]},\"div\":{\"tn\":\"13334567890\"},\"iat\":1676627116,\"orig\":{\"tn\":\"12224567890\"}}";

    private static string Token(string headerJson, string payloadJson) =>
        $"{Base64Url.Encode(Encoding.UTF8.GetBytes(headerJson))}.{Base64Url.Encode(Encoding.UTF8.GetBytes(payloadJson))}.{Base64Url.Encode(new byte[64])}";

    // Where the JSON byte `skip` bytes after `marker` is encoded in the token (RFC 4648 §4: 3 bytes per 4 characters).
    private static int PositionOf(string json, string marker, int segmentStart, int skip = 0)
    {
        var bytes = Encoding.UTF8.GetByteCount(json[..json.IndexOf(marker, StringComparison.Ordinal)]) + skip;
        return segmentStart + bytes / 3 * 4 + bytes % 3;
    }

    [Test]
    public void DivClaim_DecodesTyped_AndRoundTripsToTheSameBytes()
    {
        var token = PassportToken.TryParse(Token(DivHeader, DivPayload)).GetValueOrThrow();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(token.Header.Ppt, Is.EqualTo(PassportTypes.Div));
            Assert.That(token.Claims.Div, Is.EqualTo(new PassportDiversion(PassportIdentity.FromTn("13334567890"))));
            Assert.That(token.Claims.OtherClaims, Is.Empty);
            Assert.That(token.Claims.ToCanonicalJson(), Is.EqualTo(DivPayload));
            Assert.That(PassportToken.FromParts(token.Header, token.Claims, token.Signature).PayloadSegment, Is.EqualTo(token.PayloadSegment));
        }
    }

    [Test]
    public void DivClaims_BuiltForSigning_SerializeLikeTheReceivedOnes()
    {
        var claims = new PassportClaims(PassportIdentity.FromTn("12224567890"), ["14444567890"], 1676627116)
        {
            Div = new PassportDiversion(PassportIdentity.FromTn("13334567890")),
        };

        Assert.That(claims.ToCanonicalJson(), Is.EqualTo(DivPayload));
        Assert.That(new PassportHeader("https://cert.example.org/div.pem", PassportTypes.Div).ToCanonicalJson(), Is.EqualTo(DivHeader));
    }

    [Test]
    public void DivWithHistoryInfoAndExtraMembers_KeepsThemAll()
    {
        var payload = "{\"dest\":{\"tn\":[\"1\"]},\"div\":{\"hi\":\"1.2.1\",\"reason\":\"busy\",\"uri\":\"sip:b@example.com\"},\"iat\":1,\"orig\":{\"tn\":\"2\"}}";
        var claims = PassportToken.TryParse(Token(DivHeader, payload)).GetValueOrThrow().Claims;

        Assert.That(claims.Div!.Target.Uri, Is.EqualTo("sip:b@example.com"));
        Assert.That(claims.Div.HistoryInfoIndex, Is.EqualTo("1.2.1"));
        Assert.That(claims.ToCanonicalJson(), Is.EqualTo(payload));

        var built = new PassportClaims(PassportIdentity.FromTn("2"), ["1"], 1) { Div = new PassportDiversion(PassportIdentity.FromUri("sip:b@example.com"), "1.2.1") };
        Assert.That(built.ToCanonicalJson(), Is.EqualTo(payload.Replace("\"reason\":\"busy\",", string.Empty, StringComparison.Ordinal)));
    }

    [TestCase("{\"dest\":{\"tn\":[\"1\"]},\"div\":\"13334567890\",\"iat\":1,\"orig\":{\"tn\":\"2\"}}", TestName = "DivString_IsInvalidClaim")]
    [TestCase("{\"dest\":{\"tn\":[\"1\"]},\"div\":{\"tn\":\"3\",\"uri\":\"sip:a@b\"},\"iat\":1,\"orig\":{\"tn\":\"2\"}}", TestName = "DivWithTwoIdentities_IsInvalidClaim")]
    [TestCase("{\"dest\":{\"tn\":[\"1\"]},\"div\":{\"tn\":[\"3\"]},\"iat\":1,\"orig\":{\"tn\":\"2\"}}", TestName = "DivTnArray_IsInvalidClaim")]
    [TestCase("{\"dest\":{\"tn\":[\"1\"]},\"div\":{\"hi\":1,\"tn\":\"3\"},\"iat\":1,\"orig\":{\"tn\":\"2\"}}", TestName = "DivNumericHi_IsInvalidClaim")]
    public void MalformedDiv_IsInvalidClaim_AtItsPositionInTheToken(string payload)
    {
        var token = Token(DivHeader, payload);
        var result = PassportToken.TryParse(token);

        Assert.That(result.IsSuccess, Is.False);
        Assert.That(result.Error.Code, Is.EqualTo(ParseErrorCode.InvalidClaim));
        Assert.That(result.Error.Position, Is.EqualTo(PositionOf(payload, "\"div\":", token.IndexOf('.') + 1, skip: 6)));
    }

    [Test]
    public void OptClaim_IsTheNestedFullFormPassport()
    {
        var inner = Vectors.Text("Rfc8225", "v3-shaken.jws");
        var payload = $"{{\"dest\":{{\"tn\":[\"1\"]}},\"div\":{{\"tn\":\"3\"}},\"iat\":1,\"opt\":\"{inner}\",\"orig\":{{\"tn\":\"2\"}}}}";

        var claims = PassportToken.TryParse(Token(DivHeader.Replace("\"div\"", "\"div-o\"", StringComparison.Ordinal), payload)).GetValueOrThrow().Claims;

        Assert.That(claims.Opt, Is.EqualTo(inner));
        Assert.That(PassportToken.TryParse(claims.Opt!).GetValueOrThrow().Claims.Attest, Is.EqualTo("A"));
        Assert.That(claims.ToCanonicalJson(), Is.EqualTo(payload));
        Assert.That(new PassportClaims(PassportIdentity.FromTn("2"), ["1"], 1) { Div = new(PassportIdentity.FromTn("3")), Opt = inner }.ToCanonicalJson(), Is.EqualTo(payload));
    }

    [Test]
    public void NonStringOpt_IsInvalidClaim()
    {
        var result = PassportToken.TryParse(Token(DivHeader, "{\"dest\":{\"tn\":[\"1\"]},\"iat\":1,\"opt\":{},\"orig\":{\"tn\":\"2\"}}"));
        Assert.That(result.Error.Code, Is.EqualTo(ParseErrorCode.InvalidClaim));
    }

    [Test]
    public void OtherClaims_AreReadOnlyJsonElements_AndTheCanonicalBytesAreUnchanged()
    {
        var payload = "{\"attest\":\"A\",\"crn\":\"Rx ready\",\"dest\":{\"tn\":[\"1\"]},\"iat\":1,\"orig\":{\"tn\":\"2\"},\"origid\":\"x\",\"rcd\":{\"icn\":\"https://example.com/i.png\",\"nam\":\"Alice\"}}";
        var token = PassportToken.TryParse(Token(DivHeader, payload)).GetValueOrThrow();
        var other = token.Claims.OtherClaims;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(other.Keys, Is.EquivalentTo(new[] { "crn", "rcd" }));
            Assert.That(other["rcd"].GetProperty("nam").GetString(), Is.EqualTo("Alice"));
            Assert.That(other["crn"].ValueKind, Is.EqualTo(JsonValueKind.String));
            Assert.That(((IDictionary<string, JsonElement>)other).IsReadOnly, Is.True);
            Assert.That(token.Claims.OtherClaims, Is.SameAs(other), "created once, lazily");
            Assert.That(token.Claims.ToCanonicalJson(), Is.EqualTo(payload));
        }
    }

    [Test]
    public void OtherClaims_SetForSigning_AreSerializedCanonically_AndTypedNamesAreRefused()
    {
        using var rcd = JsonDocument.Parse("{\"nam\":\"Alice\",\"icn\":\"https://example.com/i.png\"}");
        var claims = new PassportClaims(PassportIdentity.FromTn("2"), ["1"], 1)
        {
            OtherClaims = new Dictionary<string, JsonElement> { ["rcd"] = rcd.RootElement.Clone() },
        };

        Assert.That(claims.ToCanonicalJson(), Is.EqualTo("{\"dest\":{\"tn\":[\"1\"]},\"iat\":1,\"orig\":{\"tn\":\"2\"},\"rcd\":{\"icn\":\"https://example.com/i.png\",\"nam\":\"Alice\"}}"));
        Assert.That(claims.OtherClaims["rcd"].GetProperty("nam").GetString(), Is.EqualTo("Alice"));
        Assert.That(() => new PassportClaims(PassportIdentity.FromTn("2"), ["1"], 1) { OtherClaims = new Dictionary<string, JsonElement> { ["div"] = rcd.RootElement.Clone() } },
            Throws.ArgumentException);
    }

    [Test]
    public void Crit_IsModelled_AndOtherHeaderParametersAreReadable()
    {
        var header = "{\"alg\":\"ES256\",\"crit\":[\"foo\"],\"foo\":{\"k\":1},\"kid\":\"k1\",\"ppt\":\"shaken\",\"typ\":\"passport\",\"x5u\":\"https://x/y\"}";
        var token = PassportToken.TryParse(Token(header, DivPayload)).GetValueOrThrow();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(token.Header.Crit, Is.EqualTo(new[] { "foo" }));
            Assert.That(token.Header.OtherParameters.Keys, Is.EquivalentTo(new[] { "foo", JoseHeaderParameterNames.Kid }));
            Assert.That(token.Header.OtherParameters["foo"].GetProperty("k").GetInt32(), Is.EqualTo(1));
            Assert.That(token.Header.ToCanonicalJson(), Is.EqualTo(header));
        }

        Assert.That(new PassportHeader("https://x/y") { Crit = ["foo"] }.ToCanonicalJson(),
            Is.EqualTo("{\"alg\":\"ES256\",\"crit\":[\"foo\"],\"ppt\":\"shaken\",\"typ\":\"passport\",\"x5u\":\"https://x/y\"}"));
        Assert.That(new PassportHeader("https://x/y").Crit, Is.Null);
        Assert.That(() => new PassportHeader("https://x/y") { Crit = [] }, Throws.ArgumentException);
    }

    [TestCase("[]", TestName = "EmptyCrit_IsInvalidClaim")]
    [TestCase("\"foo\"", TestName = "StringCrit_IsInvalidClaim")]
    [TestCase("[1]", TestName = "NumericCritEntry_IsInvalidClaim")]
    [TestCase("[\"\"]", TestName = "EmptyCritName_IsInvalidClaim")]
    public void MalformedCrit_IsInvalidClaim_AtItsPositionInTheHeader(string crit)
    {
        var header = $"{{\"alg\":\"ES256\",\"crit\":{crit},\"typ\":\"passport\",\"x5u\":\"https://x/y\"}}";
        var result = PassportToken.TryParse(Token(header, DivPayload));

        Assert.That(result.Error.Code, Is.EqualTo(ParseErrorCode.InvalidClaim));
        var bytes = header.IndexOf(crit, header.IndexOf("crit", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.That(result.Error.Position, Is.EqualTo(bytes / 3 * 4 + bytes % 3));
    }

    [Test]
    public void SuccessfulDecode_ReportsNoError()
    {
        var result = PassportToken.TryParse(Vectors.Text("Rfc8225", "v3-shaken.jws"));

        Assert.That(result.IsSuccess, Is.True);
        Assert.That(result.Error.Code, Is.EqualTo(ParseErrorCode.None));
        Assert.That(result.Error.Position, Is.EqualTo(-1));
        Assert.That(result.TryGetValue(out var token), Is.True);
        Assert.That(token!.Header.Ppt, Is.EqualTo(PassportTypes.Shaken));
    }

    [Test]
    public void DuplicateKeyInThePayload_IsReportedAtItsPositionInTheToken()
    {
        var payload = "{\"dest\":{\"tn\":[\"1\"]},\"iat\":1,\"orig\":{\"tn\":\"2\"},\"iat\":2}";
        var token = Token(DivHeader, payload);

        var result = PassportToken.TryParse(token);

        Assert.That(result.Error.Code, Is.EqualTo(ParseErrorCode.DuplicateJsonKey));
        Assert.That(result.Error.Position, Is.EqualTo(PositionOf(payload, ",\"iat\":2", token.IndexOf('.') + 1, skip: 1)));
    }

    [Test]
    public void MissingClaim_IsReportedAtThePayloadSegment()
    {
        var token = Token(DivHeader, "{\"dest\":{\"tn\":[\"1\"]},\"orig\":{\"tn\":\"2\"}}");
        var result = PassportToken.TryParse(token);

        Assert.That(result.Error.Code, Is.EqualTo(ParseErrorCode.MissingClaim));
        Assert.That(result.Error.Position, Is.EqualTo(token.IndexOf('.') + 1));
    }

    [Test]
    public void BadBase64UrlCharacter_IsReportedAtItsPositionInTheToken()
    {
        var token = Token(DivHeader, DivPayload);
        var payloadStart = token.IndexOf('.') + 1;
        var broken = token[..(payloadStart + 5)] + "*" + token[(payloadStart + 6)..];

        var result = PassportToken.TryParse(broken);

        Assert.That(result.Error.Code, Is.EqualTo(ParseErrorCode.InvalidBase64Url));
        Assert.That(result.Error.Position, Is.EqualTo(payloadStart + 5));
    }
}
