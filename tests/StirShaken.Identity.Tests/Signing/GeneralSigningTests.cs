using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using StirShaken.Identity.Parsing;
using StirShaken.Identity.Passport;

namespace StirShaken.Identity.Tests.Signing;

/// <summary><c>PassportSigner.Sign(header, claims)</c>: any ppt (RFC 8225 §6), here a <c>div</c> PASSporT (RFC 8946 §3).</summary>
public class GeneralSigningTests
{
    private static PassportClaims DivClaims() =>
        new(PassportIdentity.FromTn(TestCall.Orig), ["14444567890"], TestCall.Now.ToUnixTimeSeconds())
        {
            Div = new PassportDiversion(PassportIdentity.FromTn(TestCall.Dest)),
        };

    [Test]
    public void DivPassport_SignedByTheGeneralMethod_VerifiesWithThePlatformEcdsa()
    {
        using var call = new TestCall();
        var token = call.Signer.Sign(new PassportHeader(TestCall.X5u, PassportTypes.Div), DivClaims());

        using var key = call.Pki.Leaf.GetECDsaPublicKey()!;
        var input = Encoding.ASCII.GetBytes(token.HeaderSegment + "." + token.PayloadSegment);
        Assert.That(key.VerifyData(input, token.Signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation), Is.True);

        var decoded = PassportToken.TryParse(token.FullForm).GetValueOrThrow();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(decoded.Header.Ppt, Is.EqualTo(PassportTypes.Div));
            Assert.That(decoded.Claims.Div!.Target.Tn, Is.EqualTo(TestCall.Dest));
            Assert.That(decoded.Claims.Attest, Is.Null);
            Assert.That(decoded.Claims.ToCanonicalJson(), Is.EqualTo(
                $"{{\"dest\":{{\"tn\":[\"14444567890\"]}},\"div\":{{\"tn\":\"{TestCall.Dest}\"}},\"iat\":{TestCall.Now.ToUnixTimeSeconds()},\"orig\":{{\"tn\":\"{TestCall.Orig}\"}}}}"));
        }
    }

    [Test]
    public void IdentityHeaderOfADivToken_CarriesItsPpt()
    {
        using var call = new TestCall();
        var token = call.Signer.Sign(new PassportHeader(TestCall.X5u, PassportTypes.Div), DivClaims());

        var value = call.Signer.CreateIdentityHeader(token);

        Assert.That(value, Is.EqualTo($"{token.FullForm};info=<{TestCall.X5u}>;alg=ES256;ppt=div"));
        Assert.That(IdentityHeader.Parse(value).Ppt, Is.EqualTo(PassportTypes.Div));
        Assert.That(call.Signer.CreateIdentityHeader(token, compact: true), Does.StartWith(token.CompactForm + ";info="));
    }

    [Test]
    public void BasePassportWithoutPpt_HasNoPptParameter()
    {
        using var call = new TestCall();
        var token = call.Signer.Sign(new PassportHeader(TestCall.X5u, ppt: null), DivClaims());

        Assert.That(call.Signer.CreateIdentityHeader(token), Does.EndWith($";info=<{TestCall.X5u}>;alg=ES256"));
    }

    [Test]
    public void HeaderWithAnotherX5u_IsRefused()
    {
        using var call = new TestCall();
        Assert.That(() => call.Signer.Sign(new PassportHeader("https://other.example.org/x.pem", PassportTypes.Div), DivClaims()), Throws.ArgumentException);
    }

    [Test]
    public void HeaderWithAnotherAlg_IsRefused()
    {
        using var call = new TestCall();
        Assert.That(() => call.Signer.Sign(new PassportHeader(TestCall.X5u, PassportTypes.Div, alg: "RS256"), DivClaims()), Throws.ArgumentException);
    }

    [Test]
    public void ShakenConvenience_IsTheGeneralMethodWithAShakenHeader()
    {
        using var call = new TestCall();
        var token = call.Signer.CreatePassport(new Identity.Signing.SigningRequest(TestCall.Orig, [TestCall.Dest], Attestation.A) { OrigId = "id-1", IssuedAt = TestCall.Now });
        var general = call.Signer.Sign(new PassportHeader(TestCall.X5u), new PassportClaims(PassportIdentity.FromTn(TestCall.Orig), [TestCall.Dest], TestCall.Now.ToUnixTimeSeconds(), "A", "id-1"));

        Assert.That(token.HeaderSegment + "." + token.PayloadSegment, Is.EqualTo(general.HeaderSegment + "." + general.PayloadSegment));
    }
}
