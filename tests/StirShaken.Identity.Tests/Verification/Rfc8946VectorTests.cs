using System.Security.Cryptography;
using System.Text;
using StirShaken.Identity.Passport;
using StirShaken.Identity.Sip;
using StirShaken.Identity.Verification;

namespace StirShaken.Identity.Tests.Verification;

/// <summary>The RFC 8946 examples (Vectors/Rfc8946, Appendix A key) and their quirks.</summary>
public class Rfc8946VectorTests
{
    [TestCase("s3-div.jws")]
    [TestCase("s5-div-o.jws")]
    [TestCase("s5-opt.jws")]
    public void EveryExample_VerifiesUnderTheAppendixAKey(string file)
    {
        using var key = Vectors.Key("Rfc8946", "appendix-a-public-key.pem");
        var parts = Vectors.Text("Rfc8946", file).Split('.');

        var signature = Base64Url.TryDecode(parts[2]).GetValueOrThrow();
        var valid = key.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

        Assert.That(valid, Is.True);
    }

    [Test]
    public void DivExample_DecodesAsADivPassport_WithTheExtraDigit()
    {
        using var key = Vectors.Key("Rfc8946", "appendix-a-public-key.pem");
        var token = PassportToken.TryParse(Vectors.Text("Rfc8946", "s3-div.jws")).GetValueOrThrow();

        Assert.That(token.VerifySignature(key), Is.True);
        Assert.That(token.Header.Ppt, Is.EqualTo(PassportTypes.Div));
        Assert.That(token.Claims.Div!.Target.Tn, Is.EqualTo("121555551213"), "12 digits: an extra 5");
        Assert.That(token.Claims.DestTns, Is.EqualTo(new[] { "12155551214" }));
        Assert.That(DivPassportRules.Div.CheckClaims(token.Claims), Is.Null);
    }

    [Test]
    public void StrictMatcher_DoesNotLinkTheRfcDiv_ToTheRfcOriginal()
    {
        var original = PassportToken.TryParse(Vectors.Text("Rfc8946", "s5-opt.jws")).GetValueOrThrow();
        var div = PassportToken.TryParse(Vectors.Text("Rfc8946", "s3-div.jws")).GetValueOrThrow();

        Assert.That(original.Claims.DestTns, Is.EqualTo(new[] { "12155551213" }));
        Assert.That(DiversionChainEvaluator.DestContains(original.Claims, div.Claims.Div!.Target), Is.False, "121555551213 is not 12155551213");
        Assert.That(DiversionChainEvaluator.DestContains(original.Claims, PassportIdentity.FromTn("+1 215 555 1213")), Is.True, "the intended value links, canonically");
    }

    [Test]
    public async Task RfcExamplesInARequest_TheDivIsNotLinked_TheBaseOriginalSkipped()
    {
        using var call = new TestCall();
        var request = SipMessage.Parse(TestCall.Invite(from: "+12155551212", to: "+12155551214"))
            .WithHeaderAdded(SipHeaderNames.Identity, Vectors.Text("Rfc8946", "s5-opt.jws") + ";info=<https://www.example.com/cert.cer>")
            .WithHeaderAdded(SipHeaderNames.Identity, Vectors.Text("Rfc8946", "s3-div.jws") + ";info=<https://www.example.com/cert.cer>;ppt=\"div\"");

        var result = await call.Verifier(new VerifierOptions { DestinationSource = DestinationSource.RequestUri }).VerifyAsync(request);

        Assert.That(result.Status, Is.EqualTo(VerificationStatus.NoIdentity), "a base PASSporT is not verified, and a div never verifies alone");
        Assert.That(result.Headers.Select(h => h.Status), Is.EqualTo(new[] { IdentityHeaderStatus.Skipped, IdentityHeaderStatus.Failed }));
        Assert.That(result.Headers[1].Failure!.Reason, Is.EqualTo(FailureReason.DiversionNotLinked));
        Assert.That(result.Diversions.Single().Failure!.Detail, Does.Contain("121555551213"));
    }

    [Test]
    public void DivOExample_HasAStringDest_WhichOurDecoderRefuses()
    {
        var result = PassportToken.TryParse(Vectors.Text("Rfc8946", "s5-div-o.jws"));

        Assert.That(result.IsSuccess, Is.False);
        Assert.That(result.Error.Code, Is.EqualTo(ParseErrorCode.InvalidClaim), "RFC 8225 §5.2.1: dest.tn is an array; the example signs a string");
        var payload = Encoding.UTF8.GetString(Base64Url.TryDecode(Vectors.Text("Rfc8946", "s5-div-o.jws").Split('.')[1]).GetValueOrThrow());
        Assert.That(payload, Does.Contain("\"opt\":\"" + Vectors.Text("Rfc8946", "s5-opt.jws") + "\""), "opt holds the full-form original");
    }
}
