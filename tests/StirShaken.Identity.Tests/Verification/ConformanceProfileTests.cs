using StirShaken.Identity.Sip;
using StirShaken.Identity.Verification;

namespace StirShaken.Identity.Tests.Verification;

/// <summary>A test per divergent case per profile (README "Conformance profiles"), and the TN rules of issue 13 item 11.</summary>
public class ConformanceProfileTests
{
    private const string Claims = "{\"attest\":\"A\",\"dest\":{\"tn\":[\"12125551213\"]},\"iat\":1795435200,\"orig\":{\"tn\":\"12155551212\"},\"origid\":\"123e4567-e89b-12d3-a456-426655440000\"}";

    private static async Task<VerificationResult> VerifyAsync(string headerJson, string payloadJson, ConformanceProfile profile, bool strict = false, string? parameters = null)
    {
        using var call = new TestCall();
        var invite = parameters is null ? call.InviteWithRawPassport(headerJson, payloadJson) : call.InviteWithRawPassport(headerJson, payloadJson, parameters: parameters);
        return await call.Verifier(new VerifierOptions { Profile = profile, StrictTelephoneNumbers = strict }).VerifyAsync(invite);
    }

    [TestCase(ConformanceProfile.Rfc8224, 438)]
    [TestCase(ConformanceProfile.Atis, 436)]
    [TestCase(ConformanceProfile.Man, 436)]
    public async Task X5u_not_info(ConformanceProfile profile, int code)
    {
        var result = await VerifyAsync(TestCall.ShakenHeader(x5u: "https://cert.example.org/other.pem"), Claims, profile);
        Assert.That((result.Failure?.Reason, result.Failure?.StatusCode), Is.EqualTo((FailureReason.X5uInfoMismatch, code)));
    }

    [TestCase(ConformanceProfile.Rfc8224, 438)]
    [TestCase(ConformanceProfile.Atis, 438)]
    [TestCase(ConformanceProfile.Man, 437)]
    public async Task Wrong_typ(ConformanceProfile profile, int code)
    {
        var result = await VerifyAsync(TestCall.ShakenHeader(typ: "jwt"), Claims, profile);
        Assert.That((result.Failure?.Reason, result.Failure?.StatusCode), Is.EqualTo((FailureReason.InvalidType, code)));
    }

    [TestCase(ConformanceProfile.Rfc8224, 438)]
    [TestCase(ConformanceProfile.Atis, 438)]
    [TestCase(ConformanceProfile.Man, 436)]
    public async Task Jose_header_without_ppt(ConformanceProfile profile, int code)
    {
        var result = await VerifyAsync($"{{\"alg\":\"ES256\",\"typ\":\"passport\",\"x5u\":\"{TestCall.X5u}\"}}", Claims, profile);
        Assert.That((result.Failure?.Reason, result.Failure?.StatusCode), Is.EqualTo((FailureReason.PptMismatch, code)));
    }

    [TestCase(ConformanceProfile.Rfc8224, 438)]
    [TestCase(ConformanceProfile.Atis, 438)]
    [TestCase(ConformanceProfile.Man, 400)]
    public async Task Malformed_message(ConformanceProfile profile, int code)
    {
        using var call = new TestCall();
        var result = await call.Verifier(new VerifierOptions { Profile = profile }).VerifyAsync("not SIP at all");
        Assert.That((result.Failure?.Reason, result.Failure?.StatusCode), Is.EqualTo((FailureReason.MalformedMessage, code)));
    }

    [Test]
    public void Every_profile_status_comes_from_the_one_table()
    {
        foreach (var reason in FailureReasons.All)
        {
            var entry = FailureReasons.Get(reason);
            Assert.That(entry.StatusFor(ConformanceProfile.Rfc8224), Is.EqualTo(entry.Status), reason.ToString());
        }
    }

    [Test]
    public async Task A_leading_plus_in_orig_tn_matches_by_default_and_is_recorded()
    {
        var claims = Claims.Replace("\"orig\":{\"tn\":\"12155551212\"}", "\"orig\":{\"tn\":\"+12155551212\"}", StringComparison.Ordinal)
            .Replace("[\"12125551213\"]", "[\"+12125551213\"]", StringComparison.Ordinal);
        var lenient = await VerifyAsync(TestCall.ShakenHeader(), claims, ConformanceProfile.Rfc8224);
        var strict = await VerifyAsync(TestCall.ShakenHeader(), claims, ConformanceProfile.Rfc8224, strict: true);
        Assert.Multiple(() =>
        {
            Assert.That(lenient.IsSuccess, Is.True, lenient.ToString());
            Assert.That(lenient.HasNonCanonicalTn, Is.True);
            Assert.That(strict.Failure?.Reason, Is.EqualTo(FailureReason.OrigMismatch));
            Assert.That(strict.Failure?.Detail, Does.Contain("orig.tn is not canonical: RFC 8224 §8.3 has no leading '+'"));
        });
    }

    [Test]
    public async Task A_canonical_claim_is_not_flagged()
    {
        var result = await VerifyAsync(TestCall.ShakenHeader(), Claims, ConformanceProfile.Rfc8224);
        Assert.That((result.IsSuccess, result.HasNonCanonicalTn), Is.EqualTo((true, false)), result.ToString());
    }

    [TestCase("\"orig\":{\"tn\":\"12155551212\"}", "\"orig\":{\"tn\":\"\"}", "orig.tn is empty")]
    [TestCase("[\"12125551213\"]", "[\"\"]", "dest.tn entry is empty")]
    public async Task An_empty_tn_is_an_invalid_claim_that_says_so(string from, string to, string detail)
    {
        var result = await VerifyAsync(TestCall.ShakenHeader(), Claims.Replace(from, to, StringComparison.Ordinal), ConformanceProfile.Rfc8224);
        Assert.That(result.Failure?.Reason, Is.EqualTo(FailureReason.InvalidClaim));
        Assert.That(result.Failure?.Detail, Does.Contain(detail));
    }

    [Test]
    public async Task Header_list_entry_point_verifies_like_wire_text()
    {
        using var call = new TestCall();
        var parsed = SipMessage.Parse(call.SignedInvite());
        var result = await call.Verifier().VerifyHeadersAsync(parsed.Method!, parsed.RequestUri!, parsed.Headers.Select(h => KeyValuePair.Create(h.Name, h.Value)));
        var broken = await call.Verifier().VerifyHeadersAsync("INVITE", "sip:x@y", [KeyValuePair.Create("From", "a\r\nb")]);
        Assert.Multiple(() =>
        {
            Assert.That(result.IsSuccess, Is.True, result.ToString());
            Assert.That(broken.Failure?.Reason, Is.EqualTo(FailureReason.MalformedMessage));
        });
    }
}
