using System.Security.Cryptography.X509Certificates;
using System.Text;
using StirShaken.Identity.Certificates;
using StirShaken.Identity.Testing;

namespace StirShaken.Identity.Tests.Certificates;

[TestFixture]
public sealed class CertificateChainTests
{
    private TestPki _pki = null!;

    [OneTimeSetUp]
    public void CreatePki() => _pki = TestPki.Create("1234", new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));

    [OneTimeTearDown]
    public void DisposePki() => _pki.Dispose();

    private static (bool Ok, CertificateChain? Chain, string? Error) Parse(byte[] body)
    {
        var parsed = CertificateChain.TryParse(body);
        return (parsed.IsSuccess, parsed.Value, parsed.IsSuccess ? null : parsed.Error.Message);
    }

    [Test]
    public void TryParse_PemChain_KeepsOrder()
    {
        var (ok, chain, error) = Parse(Encoding.UTF8.GetBytes(_pki.ChainPem));
        Assert.That(ok, Is.True, error);
        Assert.Multiple(() =>
        {
            Assert.That(chain!.Certificates, Has.Count.EqualTo(2));
            Assert.That(chain.Leaf.Thumbprint, Is.EqualTo(_pki.Leaf.Thumbprint));
            Assert.That(chain.ToPem(), Is.EqualTo(_pki.ChainPem));
        });
    }

    [Test]
    public void TryParse_Der_ReadsSingleCertificate()
    {
        var (ok, chain, error) = Parse(_pki.Leaf.RawData);
        Assert.That(ok, Is.True, error);
        Assert.That(chain!.RawData.Single(), Is.EqualTo(_pki.Leaf.RawData));
    }

    [TestCase(new byte[0], "empty", TestName = "TryParse_Empty_IsRejected")]
    [TestCase(new byte[] { 0x30, 0x03, 0x02, 0x01, 0x01 }, "not an X.509 certificate", TestName = "TryParse_GarbageDer_IsRejected")]
    [TestCase(new byte[] { 0xFF, 0xFE, 0x00 }, "neither DER nor UTF-8", TestName = "TryParse_BinaryGarbage_IsRejected")]
    [TestCase(new byte[] { 0x68, 0x69 }, "no '-----BEGIN CERTIFICATE-----'", TestName = "TryParse_TextWithoutPem_IsRejected")]
    public void TryParse_Malformed_IsRejected(byte[] body, string expected)
    {
        var (ok, chain, error) = Parse(body);
        Assert.Multiple(() =>
        {
            Assert.That(ok, Is.False);
            Assert.That(chain, Is.Null);
            Assert.That(error, Does.Contain(expected));
        });
    }

    [Test]
    public void TryParse_TruncatedPem_IsRejected()
    {
        var pem = _pki.ChainPem;
        var (ok, _, error) = Parse(Encoding.UTF8.GetBytes(pem[..(pem.Length - 40)]));
        Assert.That(ok, Is.False);
        Assert.That(error, Does.Contain("PEM block 2"));
    }

    [Test]
    public void TryParse_CorruptBase64_IsRejected()
    {
        var (ok, _, error) = Parse(Encoding.UTF8.GetBytes("-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n"));
        Assert.That(ok, Is.False);
        Assert.That(error, Does.Contain("base64"));
    }

    [Test]
    public void TryParse_Pkcs12_IsRejected()
    {
        var pfx = _pki.Intermediate.Export(X509ContentType.Pkcs12);
        var (ok, _, error) = Parse(pfx);
        Assert.That(ok, Is.False);
        Assert.That(error, Does.Contain("not an X.509 certificate"));
    }

    [Test]
    public void TryParse_TooManyCertificates_IsRejected()
    {
        var pem = string.Concat(Enumerable.Repeat(_pki.RootPem, CertificateChain.MaxCertificates + 1));
        var (ok, _, error) = Parse(Encoding.UTF8.GetBytes(pem));
        Assert.That(ok, Is.False);
        Assert.That(error, Does.Contain("more than 8"));
    }

    [Test]
    public void TryParse_MaxCertificates_IsAccepted()
    {
        var pem = string.Concat(Enumerable.Repeat(_pki.RootPem, CertificateChain.MaxCertificates));
        var (ok, chain, error) = Parse(Encoding.UTF8.GetBytes(pem));
        Assert.That(ok, Is.True, error);
        Assert.That(chain!.Certificates, Has.Count.EqualTo(CertificateChain.MaxCertificates));
    }

    [TestCase(new byte[0], ParseErrorCode.Empty, TestName = "TryParse_Empty_HasCode")]
    [TestCase(new byte[] { 0x30, 0x03, 0x02, 0x01, 0x01 }, ParseErrorCode.InvalidCertificate, TestName = "TryParse_GarbageDer_HasCode")]
    [TestCase(new byte[] { 0xFF, 0xFE, 0x00 }, ParseErrorCode.InvalidCertificateEncoding, TestName = "TryParse_BinaryGarbage_HasCode")]
    [TestCase(new byte[] { 0x68, 0x69 }, ParseErrorCode.NoCertificate, TestName = "TryParse_TextWithoutPem_HasCode")]
    public void TryParse_Malformed_HasCodeAtStart(byte[] body, ParseErrorCode expected)
    {
        var error = CertificateChain.TryParse(body).Error;
        Assert.That((error.Code, error.Position), Is.EqualTo((expected, 0)));
    }

    [Test]
    public void TryParse_CorruptSecondBlock_IsPositionedAtItsByteOffset()
    {
        // "é" is two UTF-8 bytes: the position is a byte offset into the body, not a character index.
        var prefix = "é\n" + _pki.RootPem;
        var body = Encoding.UTF8.GetBytes(prefix + "-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n");
        var error = CertificateChain.TryParse(body).Error;
        Assert.Multiple(() =>
        {
            Assert.That(error.Code, Is.EqualTo(ParseErrorCode.InvalidPemBase64));
            Assert.That(error.Position, Is.EqualTo(Encoding.UTF8.GetByteCount(prefix)));
            Assert.That(error.Message, Does.Contain("PEM block 2"));
        });
    }

    [Test]
    public void TryParse_UnterminatedBlock_IsPositionedAtItsBeginLine()
    {
        var pem = _pki.ChainPem;
        var error = CertificateChain.TryParse(Encoding.UTF8.GetBytes(pem[..(pem.Length - 40)])).Error;
        Assert.That((error.Code, error.Position), Is.EqualTo((ParseErrorCode.UnterminatedPemBlock, pem.IndexOf("-----BEGIN", 1, StringComparison.Ordinal))));
    }

    [Test]
    public void TryParse_TooManyCertificates_IsPositionedAtTheFirstExtraBlock()
    {
        var pem = string.Concat(Enumerable.Repeat(_pki.RootPem, CertificateChain.MaxCertificates + 1));
        var error = CertificateChain.TryParse(Encoding.UTF8.GetBytes(pem)).Error;
        Assert.That((error.Code, error.Position), Is.EqualTo((ParseErrorCode.TooManyCertificates, CertificateChain.MaxCertificates * _pki.RootPem.Length)));
    }

    [Test]
    public void TryParse_Pkcs12_IsAnInvalidCertificate()
    {
        var error = CertificateChain.TryParse(_pki.Intermediate.Export(X509ContentType.Pkcs12)).Error;
        Assert.That((error.Code, error.Position), Is.EqualTo((ParseErrorCode.InvalidCertificate, 0)));
    }

    [Test]
    public void FromCertificates_Empty_Throws()
    {
        Assert.That(() => CertificateChain.FromCertificates([]), Throws.ArgumentException);
    }
}
