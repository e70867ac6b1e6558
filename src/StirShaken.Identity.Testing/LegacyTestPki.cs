using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using StirShaken.Identity.Certificates;

namespace StirShaken.Identity.Testing;

/// <summary>
/// A throw-away RFC 4474 PKI for tests and samples: an RSA root CA (a legacy trust anchor) and a domain certificate
/// (RSA 2048, digitalSignature, subjectAltName dNSName and CN = the domain) for <c>Identity-Info</c>
/// (README "Legacy RFC 4474 (Identity-Info)"). NEVER use in production.
/// </summary>
public sealed class LegacyTestPki : IDisposable
{
    private readonly RSA _rootKey;
    private readonly List<IDisposable> _owned = [];

    private LegacyTestPki(string domain, DateTimeOffset notBefore, TimeSpan validity)
    {
        Domain = domain;
        NotBefore = notBefore;
        NotAfter = notBefore.Add(validity);
        _rootKey = RSA.Create(2048);
        var request = new CertificateRequest("CN=Test Legacy Domain CA, O=StirShaken.Identity tests", _rootKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        Root = request.CreateSelfSigned(notBefore, NotAfter.AddYears(10));
        _owned.Add(Root);
        TrustAnchors = TrustAnchorStore.FromCertificates([Root]);
        (Leaf, LeafKey) = IssueLeaf(domain, domain);
    }

    /// <summary>The domain of <see cref="Leaf"/>, e.g. <c>example.com</c>.</summary>
    public string Domain { get; }

    /// <summary>The start of the default leaf validity.</summary>
    public DateTimeOffset NotBefore { get; }

    /// <summary>The end of the default leaf validity.</summary>
    public DateTimeOffset NotAfter { get; }

    /// <summary>The root CA certificate (with private key): the legacy trust anchor.</summary>
    public X509Certificate2 Root { get; }

    /// <summary>A trust-anchor store holding <see cref="Root"/>.</summary>
    public TrustAnchorStore TrustAnchors { get; }

    /// <summary>The root as PEM (for <c>--legacy-trust-anchor</c> and Kamailio <c>cainfo_path</c>).</summary>
    public string RootPem => Root.ExportCertificatePem();

    /// <summary>The domain certificate (without private key).</summary>
    public X509Certificate2 Leaf { get; }

    /// <summary>The domain certificate's RSA private key.</summary>
    public RSA LeafKey { get; }

    /// <summary>The domain certificate as DER (what RFC 4474 Identity-Info URLs serve).</summary>
    public byte[] LeafDer => Leaf.RawData;

    /// <summary>The domain certificate as PEM.</summary>
    public string LeafPem => Leaf.ExportCertificatePem();

    /// <summary>The domain key as PKCS#1 PEM (<c>BEGIN RSA PRIVATE KEY</c>, which Kamailio auth_identity reads).</summary>
    public string LeafKeyPem => LeafKey.ExportRSAPrivateKeyPem();

    /// <summary>Creates the PKI: a root valid from <paramref name="notBefore"/> (default now − 1 day) and a domain certificate.</summary>
    /// <param name="domain">The domain of the leaf (subjectAltName dNSName and CN).</param>
    /// <param name="notBefore">Start of validity; default one day ago.</param>
    /// <param name="validity">Leaf validity; default 365 days.</param>
    public static LegacyTestPki Create(string domain = "example.com", DateTimeOffset? notBefore = null, TimeSpan? validity = null) =>
        new(domain, notBefore ?? TimeProvider.System.GetUtcNow().AddDays(-1), validity ?? TimeSpan.FromDays(365));

    /// <summary>
    /// Issues another end-entity certificate from <see cref="Root"/>; the PKI disposes it and its key.
    /// </summary>
    /// <param name="commonName">The subject CN.</param>
    /// <param name="dnsName">The subjectAltName dNSName, or null for none.</param>
    /// <param name="keySize">RSA modulus bits; default 2048.</param>
    /// <param name="keyUsage">Key usage; default digitalSignature.</param>
    /// <param name="notBefore">Default <see cref="NotBefore"/>.</param>
    /// <param name="notAfter">Default <see cref="NotAfter"/>.</param>
    public (X509Certificate2 Certificate, RSA Key) IssueLeaf(string commonName, string? dnsName, int keySize = 2048, X509KeyUsageFlags keyUsage = X509KeyUsageFlags.DigitalSignature,
        DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null)
    {
        var key = RSA.Create(keySize);
        _owned.Add(key);
        var request = new CertificateRequest(new X500DistinguishedName("CN=" + commonName), key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(keyUsage, true));
        if (dnsName is not null)
        {
            var san = new SubjectAlternativeNameBuilder();
            san.AddDnsName(dnsName);
            request.CertificateExtensions.Add(san.Build());
        }

        var serial = new byte[8];
        RandomNumberGenerator.Fill(serial);
        serial[0] &= 0x7F;
        var certificate = request.Create(Root, notBefore ?? NotBefore, notAfter ?? NotAfter, serial);
        _owned.Add(certificate);
        return (certificate, key);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }

        _rootKey.Dispose();
    }
}
