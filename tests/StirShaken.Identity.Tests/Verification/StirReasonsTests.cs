using StirShaken.Identity.Passport;
using StirShaken.Identity.Signing;
using StirShaken.Identity.Sip;
using StirShaken.Identity.Verification;

namespace StirShaken.Identity.Tests.Verification;

public class StirReasonsTests
{
    private static (SipMessage Request, VerificationResult Result) TwoFailedHeaders(ReasonProtocol protocol)
    {
        using var call = new TestCall();
        // Header 1 signs another destination (438 dest mismatch), header 2 is not a PASSporT (438 malformed).
        var other = call.Signer.CreateIdentityHeader(new SigningRequest(TestCall.Orig, ["12125550000"], Attestation.A) { IssuedAt = TestCall.Now });
        var request = SipMessage.Parse(TestCall.Invite(extraHeaders: ["Identity: " + other, "Identity: abc;info=<" + TestCall.X5u + ">;alg=ES256;ppt=shaken"]));
        var result = call.Verifier(new VerifierOptions { ReasonProtocol = protocol }).VerifyAsync(request).AsTask().GetAwaiter().GetResult();
        return (request, result);
    }

    [Test]
    public void Each_failed_identity_header_gets_its_own_STIR_reason_with_its_ppi()
    {
        var (request, result) = TwoFailedHeaders(ReasonProtocol.Stir);
        var response = result.CreateFailureResponse(request, toTag: "t");
        var reasons = response.Headers.Where(h => h.Name == SipHeaderNames.Reason).Select(h => h.Value).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(result.Headers.Count(h => h.Status == IdentityHeaderStatus.Failed), Is.EqualTo(2));
            Assert.That(reasons, Has.Count.EqualTo(2));
            Assert.That(reasons, Has.All.StartsWith("STIR ;cause=438"));
            Assert.That(reasons[0], Does.Contain(";ppi=\"..").And.EndsWith("\""), "compact PASSporT of the first header (RFC 9410 §4)");
            Assert.That(reasons[1], Does.Not.Contain("ppi"), "a header that did not decode has no PASSporT to name");
        });
    }

    [Test]
    public void The_reasons_ride_on_a_provisional_response_when_the_call_continues()
    {
        var (request, result) = TwoFailedHeaders(ReasonProtocol.Sip);
        var ringing = result.CreateResponse(request, SipStatus.SessionProgress, toTag: "t");
        Assert.Multiple(() =>
        {
            Assert.That(ringing.StatusLine, Is.EqualTo("SIP/2.0 183 Session Progress"));
            Assert.That(ringing.Headers.Count(h => h.Name == SipHeaderNames.Reason), Is.EqualTo(2));
            Assert.That(result.GetReasonHeaderValues(ReasonProtocol.Sip), Has.Count.EqualTo(1), "RFC 3326 SIP: one Reason for the decisive failure");
            Assert.That(result.CreateFailureResponse(request).Headers.Count(h => h.Name == SipHeaderNames.Reason), Is.EqualTo(1));
        });
    }

    [Test]
    public void WithVerstat_from_a_result_and_identity_stripping()
    {
        using var call = new TestCall();
        var request = SipMessage.Parse(call.SignedInvite());
        var result = call.Verifier().VerifyAsync(request).AsTask().GetAwaiter().GetResult();
        var forwarded = request.WithVerstat(result, removeIdentityHeaders: true);
        Assert.Multiple(() =>
        {
            Assert.That(result.IsSuccess, Is.True);
            Assert.That(forwarded.GetHeader("From"), Does.Contain(";verstat=TN-Validation-Passed@"));
            Assert.That(forwarded.GetHeaderValues("Identity"), Is.Empty);
            Assert.That(request.WithVerstat(result).GetHeaderValues("Identity"), Has.Count.EqualTo(1));
        });

        // [MemberNotNullWhen]: no '!' needed after IsSuccess (this compiles without a nullable warning).
        if (result.IsSuccess)
        {
            Assert.That(result.Passport.Claims.OrigId + result.Orig.Length + result.SignerCertificate.Subject, Is.Not.Empty);
        }
    }
}
