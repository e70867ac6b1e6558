using System.Security.Cryptography.X509Certificates;
using StirShaken.Identity.Passport;
using StirShaken.Identity.Signing;
using StirShaken.Identity.Sip;

namespace StirShaken.Identity.Tests.Signing;

public class PassportSignerTests
{
    [Test]
    public void IdentityHeader_HasTheRfc8224Shape_AndCanonicalClaims()
    {
        using var call = new TestCall();
        var value = call.Signer.CreateIdentityHeader(new SigningRequest("+1 (215) 555-1212", ["+1-212-555-1213", "12125550000"], Attestation.B) { OrigId = "id-1", IssuedAt = TestCall.Now });

        var header = Identity.Parsing.IdentityHeader.Parse(value);
        var token = PassportToken.TryParse(header.Token).GetValueOrThrow();

        Assert.That(value, Does.EndWith($";info=<{TestCall.X5u}>;alg=ES256;ppt=shaken"));
        Assert.That(token.Header.ToCanonicalJson(), Is.EqualTo($"{{\"alg\":\"ES256\",\"ppt\":\"shaken\",\"typ\":\"passport\",\"x5u\":\"{TestCall.X5u}\"}}"));
        Assert.That(token.Claims.ToCanonicalJson(), Is.EqualTo($"{{\"attest\":\"B\",\"dest\":{{\"tn\":[\"12125550000\",\"12125551213\"]}},\"iat\":{TestCall.Now.ToUnixTimeSeconds()},\"orig\":{{\"tn\":\"12155551212\"}},\"origid\":\"id-1\"}}"));
        Assert.That(token.VerifySignature(call.Pki.Leaf.GetECDsaPublicKey()!), Is.True);
    }

    [Test]
    public void CompactForm_IsDotDotSignature()
    {
        using var call = new TestCall();
        var value = call.Signer.CreateIdentityHeader(new SigningRequest(TestCall.Orig, [TestCall.Dest], Attestation.A), compact: true);

        Assert.That(value, Does.Match("^\\.\\.[A-Za-z0-9_-]{86};info=<"));
    }

    [Test]
    public void SigningAMessageWithoutDate_AddsDateAndUsesItForIat()
    {
        using var call = new TestCall();
        var invite = SipMessage.Parse(TestCall.Invite().Replace("Date: " + SipDate.Format(TestCall.Now) + "\r\n", string.Empty, StringComparison.Ordinal));

        var signed = call.Signer.Sign(invite, Attestation.A);
        var token = PassportToken.TryParse(Identity.Parsing.IdentityHeader.Parse(signed.GetHeader("Identity")!).Token).GetValueOrThrow();

        Assert.That(signed.GetHeader("Date"), Is.EqualTo(SipDate.Format(TestCall.Now)));
        Assert.That(token.Claims.IssuedAt, Is.EqualTo(TestCall.Now.ToUnixTimeSeconds()));
        Assert.That(Guid.TryParse(token.Claims.OrigId, out _), Is.True);
    }

    [Test]
    public async Task SigningAMessageWithAnUnparseableDate_ReplacesTheDate_SoTheVerifierAcceptsIt()
    {
        using var call = new TestCall();
        var invite = SipMessage.Parse(TestCall.Invite().Replace("Date: " + SipDate.Format(TestCall.Now), "Date: yesterday at noon", StringComparison.Ordinal));

        var signed = call.Signer.Sign(invite, Attestation.A);

        Assert.That(signed.GetHeaderValues("Date"), Is.EqualTo(new[] { SipDate.Format(TestCall.Now) }));
        Assert.That((await call.Verifier().VerifyAsync(signed)).IsSuccess, Is.True);
    }

    [Test]
    public void SigningTakesOrigFromPaiLikeTheVerifier_APaiWithoutNumberIsRefused()
    {
        // ATIS-1000074 §5.3.1: the verifier reads orig from P-Asserted-Identity when present; a signer that fell
        // back to From would produce an Identity every verifier rejects (orig mismatch).
        using var call = new TestCall();
        var invite = SipMessage.Parse(TestCall.Invite()).WithHeaderAdded("P-Asserted-Identity", "<sip:alice@example.com>");

        Assert.That(() => call.Signer.Sign(invite, Attestation.A), Throws.ArgumentException.With.Message.Contains("P-Asserted-Identity"));
    }

    [Test]
    public void NonNumericOrig_IsRefused()
    {
        using var call = new TestCall();
        Assert.That(() => call.Signer.CreatePassport(new SigningRequest("alice", [TestCall.Dest], Attestation.A)), Throws.ArgumentException);
    }

    [Test]
    public void FromPem_LoadsPkcs8Keys()
    {
        using var call = new TestCall();
        using var signer = PassportSigner.FromPem(call.Pki.LeafKeyPem, TestCall.X5u);
        var token = signer.CreatePassport(new SigningRequest(TestCall.Orig, [TestCall.Dest], Attestation.A));

        Assert.That(token.VerifySignature(call.Pki.Leaf.GetECDsaPublicKey()!), Is.True);
    }
}

public class ExternalSignerTests
{
    [Test]
    public void SigningInput_SignedByAnExternalKeyStore_GivesATokenThatVerifies()
    {
        // For HSM/KMS signers: build the input canonically, sign it elsewhere, assemble the token.
        using var call = new TestCall();
        var header = new PassportHeader(TestCall.X5u);
        var claims = new PassportClaims(PassportIdentity.FromTn(TestCall.Orig), [TestCall.Dest], TestCall.Now.ToUnixTimeSeconds(), "A", "id-1");

        var input = PassportToken.GetSigningInput(header, claims);
        var signature = call.Pki.LeafKey.SignData(input, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        var token = PassportToken.FromParts(header, claims, signature);

        Assert.That(System.Text.Encoding.ASCII.GetString(input), Is.EqualTo(token.HeaderSegment + "." + token.PayloadSegment));
        Assert.That(PassportToken.TryParse(token.FullForm).GetValueOrThrow().VerifySignature(call.Pki.Leaf.GetECDsaPublicKey()!), Is.True);
    }
}
