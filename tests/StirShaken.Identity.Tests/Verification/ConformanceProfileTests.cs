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

    // ---- The four MAN-plan cases with their own reasons: code and Reason text per profile ----

    private const string Info = ";info=<" + TestCall.X5u + ">";

    private static void AssertFailure(VerificationResult result, FailureReason reason, int code, string phrase)
    {
        Assert.Multiple(() =>
        {
            Assert.That((result.Failure?.Reason, result.Failure?.StatusCode), Is.EqualTo((reason, code)), result.ToString());
            Assert.That(result.Failure?.ReasonPhrase, Is.EqualTo(phrase));
            Assert.That(result.Failure?.ToReasonHeaderValue(), Is.EqualTo($"SIP ;cause={code} ;text=\"{phrase}\""));
            Assert.That(result.CreateFailureResponse(SipMessage.Parse(TestCall.Invite())).ToString(), Does.StartWith($"SIP/2.0 {code} {phrase}\r\n"));
        });
    }

    [TestCase(ConformanceProfile.Rfc8224, 438, "Invalid Identity Header")]
    [TestCase(ConformanceProfile.Atis, 438, "Invalid Identity Header")]
    [TestCase(ConformanceProfile.Man, 400, "Bad Request")]
    public async Task Caller_without_a_telephone_number(ConformanceProfile profile, int code, string phrase)
    {
        using var call = new TestCall();
        foreach (var from in new[] { "alice", "++4" })
        {
            var invite = TestCall.Invite(from: from, extraHeaders: "Identity: " + TestCall.RawJws(TestCall.ShakenHeader(), Claims, call.Pki.LeafKey) + Info + ";alg=ES256;ppt=shaken");
            var result = await call.Verifier(new VerifierOptions { Profile = profile }).VerifyAsync(invite);
            AssertFailure(result, FailureReason.CallerTnUnusable, code, phrase);
            Assert.That(result.Failure!.Detail, Does.Contain("no telephone number in From"));
        }
    }

    [TestCase(ConformanceProfile.Rfc8224)]
    [TestCase(ConformanceProfile.Atis)]
    [TestCase(ConformanceProfile.Man)]
    public async Task A_caller_number_that_differs_stays_an_orig_mismatch(ConformanceProfile profile)
    {
        using var call = new TestCall();
        var invite = TestCall.Invite(from: "+12155559999", extraHeaders: "Identity: " + TestCall.RawJws(TestCall.ShakenHeader(), Claims, call.Pki.LeafKey) + Info + ";alg=ES256;ppt=shaken");
        var result = await call.Verifier(new VerifierOptions { Profile = profile }).VerifyAsync(invite);
        AssertFailure(result, FailureReason.OrigMismatch, 438, "Invalid Identity Header");
    }

    [TestCase(ConformanceProfile.Rfc8224, 438, "Invalid Identity Header")]
    [TestCase(ConformanceProfile.Atis, 438, "Invalid Identity Header")]
    [TestCase(ConformanceProfile.Man, 436, "Bad Identity Info")]
    public async Task Identity_without_info(ConformanceProfile profile, int code, string phrase)
    {
        AssertFailure(await VerifyAsync(TestCall.ShakenHeader(), Claims, profile, parameters: ";alg=ES256;ppt=shaken"), FailureReason.MissingInfoParameter, code, phrase);
        AssertFailure(await VerifyAsync(TestCall.ShakenHeader(), Claims, profile, parameters: string.Empty), FailureReason.MissingInfoParameter, code, phrase);
    }

    [TestCase(ConformanceProfile.Rfc8224)]
    [TestCase(ConformanceProfile.Atis)]
    public async Task Identity_without_alg_defaults_to_ES256(ConformanceProfile profile)
    {
        var result = await VerifyAsync(TestCall.ShakenHeader(), Claims, profile, parameters: Info + ";ppt=shaken");
        Assert.That(result.IsSuccess, Is.True, result.ToString());
    }

    [Test]
    public async Task Identity_without_alg_under_man()
    {
        var result = await VerifyAsync(TestCall.ShakenHeader(), Claims, ConformanceProfile.Man, parameters: Info + ";ppt=shaken");
        AssertFailure(result, FailureReason.MissingAlgParameter, 437, "Unsupported Credential");
        Assert.That(result.Failure!.Detail, Does.Contain("requires alg=ES256"));
    }

    [TestCase(ConformanceProfile.Rfc8224)]
    [TestCase(ConformanceProfile.Atis)]
    public async Task Identity_parameters_keep_the_rfc_latitude(ConformanceProfile profile)
    {
        var extra = await VerifyAsync(TestCall.ShakenHeader(), Claims, profile, parameters: Info + ";alg=ES256;ppt=shaken;toto=titi");
        var noPpt = await VerifyAsync(TestCall.ShakenHeader(), Claims, profile, parameters: Info + ";alg=ES256");
        var unsupported = await VerifyAsync(TestCall.ShakenHeader(), Claims, profile, parameters: Info + ";alg=ES256;ppt=hey");
        Assert.Multiple(() =>
        {
            Assert.That(extra.IsSuccess, Is.True, "RFC 8224 §4 ident-info-extension: " + extra);
            Assert.That(noPpt.IsSuccess, Is.True, "judged by the PASSporT's own ppt: " + noPpt);
            Assert.That((unsupported.Status, unsupported.Failure), Is.EqualTo((VerificationStatus.NoIdentity, (VerificationFailure?)null)), "RFC 8224 §6.2 step 1 skips it: " + unsupported);
            Assert.That(unsupported.Headers.Single().Status, Is.EqualTo(IdentityHeaderStatus.Skipped));
        });
    }

    [TestCase(";alg=ES256;ppt=shaken;toto=titi", "the parameter 'toto'")]
    [TestCase(";alg=ES256", "no ppt parameter")]
    [TestCase(";alg=ES256;ppt=hey", "ppt parameter is 'hey'")]
    public async Task Identity_parameters_under_man(string parameters, string detail)
    {
        var result = await VerifyAsync(TestCall.ShakenHeader(), Claims, ConformanceProfile.Man, parameters: Info + parameters);
        AssertFailure(result, FailureReason.IdentityParameterRejected, 438, "Invalid Identity Header");
        Assert.That(result.Failure!.Detail, Does.Contain(detail));
    }

    [Test]
    public async Task Man_still_passes_a_conformant_header_and_a_quoted_ppt()
    {
        var plain = await VerifyAsync(TestCall.ShakenHeader(), Claims, ConformanceProfile.Man);
        var quoted = await VerifyAsync(TestCall.ShakenHeader(), Claims, ConformanceProfile.Man, parameters: Info + ";alg=ES256;ppt=\"shaken\"");
        Assert.That((plain.IsSuccess, quoted.IsSuccess), Is.EqualTo((true, true)), plain + " / " + quoted);
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
