using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using StirShaken.Identity.Parsing;
using StirShaken.Identity.Signing;
using StirShaken.Identity.Sip;

namespace StirShaken.Identity.Tests.Signing;

public class LegacyIdentitySignerTests
{
    private LegacyCall _call = null!;

    [SetUp]
    public void SetUp() => _call = new LegacyCall();

    [TearDown]
    public void TearDown() => _call.Dispose();

    [Test]
    public void Sign_AddsDateIdentityAndIdentityInfo_OverTheDigestString()
    {
        var signed = _call.Signer.Sign(SipMessage.Parse(LegacyCall.Invite()));

        Assert.That(signed.GetHeader("Date"), Is.EqualTo(SipDate.Format(LegacyCall.Now)));
        Assert.That(signed.GetHeader("Identity-Info"), Is.EqualTo("<" + LegacyCall.InfoDer + ">;alg=rsa-sha1"));
        var identity = LegacyIdentity.TryParse(signed.GetHeader("Identity")!, signed.GetHeader("Identity-Info")).GetValueOrThrow();
        var digest = LegacyDigestString.TryBuild(signed).GetValueOrThrow();
        using var publicKey = _call.Pki.Leaf.GetRSAPublicKey()!;
        Assert.That(publicKey.VerifyData(digest.Bytes, Convert.FromBase64String(identity.Signature), HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1), Is.True);
        Assert.That(signed.ToString(), Does.EndWith("Content-Length: " + LegacyCall.Sdp.Length + "\r\n\r\n" + LegacyCall.Sdp), "Content-Length stays last");
    }

    [Test]
    public void Sign_KeepsAnExistingDate()
    {
        var date = "Sun, 22 Nov 2026 12:00:00 GMT";

        var signed = _call.Signer.Sign(SipMessage.Parse(LegacyCall.Invite(date: date)));

        Assert.That(signed.GetHeaderValues("Date"), Is.EqualTo(new[] { date }));
    }

    [Test]
    public void Sha256_IsAdvertisedInIdentityInfo()
    {
        using var signer = new LegacyIdentitySigner(_call.Pki.LeafKey, LegacyCall.InfoDer, useWeakSha1: false);

        Assert.That(signer.IdentityInfoValue, Is.EqualTo("<" + LegacyCall.InfoDer + ">;alg=rsa-sha256"));
    }

    [Test]
    public void SmallKeysAndBadUrls_AreRefused()
    {
        using var small = RSA.Create(1024);

        Assert.That(() => new LegacyIdentitySigner(small, LegacyCall.InfoDer), Throws.ArgumentException);
        Assert.That(() => new LegacyIdentitySigner(_call.Pki.LeafKey, "cert.der"), Throws.ArgumentException);
        Assert.That(() => new LegacyIdentitySigner(_call.Pki.LeafKey, "https://x/a>b"), Throws.ArgumentException);
    }

    [Test]
    public void FromPem_ReadsPkcs1()
    {
        using var signer = LegacyIdentitySigner.FromPem(_call.Pki.LeafKeyPem, LegacyCall.InfoDer);

        Assert.That(signer.Algorithm, Is.EqualTo("rsa-sha1"));
    }
}
