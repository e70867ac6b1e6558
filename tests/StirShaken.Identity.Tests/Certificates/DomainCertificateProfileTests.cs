using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using StirShaken.Identity.Certificates;
using StirShaken.Identity.Testing;

namespace StirShaken.Identity.Tests.Certificates;

/// <summary>The RFC 4474 domain-certificate profile and the From-domain match.</summary>
public class DomainCertificateProfileTests
{
    private LegacyTestPki _pki = null!;

    [OneTimeSetUp]
    public void SetUp() => _pki = LegacyTestPki.Create("example.com");

    [OneTimeTearDown]
    public void TearDown() => _pki.Dispose();

    [Test]
    public void Rsa2048DomainCertificate_IsValid_WithItsRsaKey()
    {
        var result = new CertificateValidator(_pki.TrustAnchors, new DomainCertificateProfile()).Validate(CertificateChain.FromCertificates([_pki.Leaf]), DateTimeOffset.UtcNow);

        Assert.That(result.IsSuccess, Is.True, result.Detail);
        Assert.That(result.PublicKey, Is.InstanceOf<RSA>());
    }

    [Test]
    public void Rsa1024_IsUnsupportedKey()
    {
        var (certificate, _) = _pki.IssueLeaf("example.com", "example.com", keySize: 1024);

        var result = new DomainCertificateProfile().Validate(certificate);

        Assert.That(result.Failure, Is.EqualTo(CertificateFailure.UnsupportedKey));
        Assert.That(result.Detail, Does.Contain("1024-bit"));
    }

    [Test]
    public void EcKey_IsUnsupportedKey()
    {
        using var sti = TestPki.Create();

        Assert.That(new DomainCertificateProfile().Validate(sti.Leaf).Failure, Is.EqualTo(CertificateFailure.UnsupportedKey));
    }

    [Test]
    public void KeyUsageWithoutDigitalSignature_IsKeyUsage()
    {
        var (certificate, _) = _pki.IssueLeaf("example.com", "example.com", keyUsage: X509KeyUsageFlags.KeyEncipherment);

        Assert.That(new DomainCertificateProfile().Validate(certificate).Failure, Is.EqualTo(CertificateFailure.KeyUsage));
    }

    [Test]
    public void CaCertificate_IsKeyUsage()
    {
        Assert.That(new DomainCertificateProfile().Validate(_pki.Root).Failure, Is.EqualTo(CertificateFailure.KeyUsage));
    }

    [TestCase("example.com", true, TestName = "SanDnsName_Matches")]
    [TestCase("EXAMPLE.com.", true, TestName = "SanDnsName_MatchesCaseInsensitivelyWithTrailingDot")]
    [TestCase("example.net", false, TestName = "OtherDomain_DoesNotMatch")]
    [TestCase("sub.example.com", false, TestName = "Subdomain_DoesNotMatch")]
    public void IsForDomain_UsesTheSubjectAltName(string domain, bool expected)
    {
        Assert.That(DomainCertificateProfile.IsForDomain(_pki.Leaf, domain, out var names), Is.EqualTo(expected));
        Assert.That(names, Is.EqualTo(new[] { "example.com" }));
    }

    [Test]
    public void WithSubjectAltName_TheCommonNameIsNotUsed()
    {
        var (certificate, _) = _pki.IssueLeaf("example.net", "example.com");

        Assert.That(DomainCertificateProfile.IsForDomain(certificate, "example.net", out _), Is.False);
        Assert.That(DomainCertificateProfile.IsForDomain(certificate, "example.com", out _), Is.True);
    }

    [Test]
    public void WithoutSubjectAltName_TheCommonNameIsUsed()
    {
        var (certificate, _) = _pki.IssueLeaf("example.org", dnsName: null);

        Assert.That(DomainCertificateProfile.IsForDomain(certificate, "example.org", out var names), Is.True);
        Assert.That(names, Is.EqualTo(new[] { "example.org" }));
        Assert.That(DomainCertificateProfile.IsForDomain(certificate, "example.com", out _), Is.False);
    }
}
