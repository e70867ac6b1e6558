using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;

namespace StirShaken.Identity.Certificates;

/// <summary>
/// The RFC 4474 domain-certificate profile (README "Legacy RFC 4474 (Identity-Info)"): an end entity allowed to
/// sign (digitalSignature when key usage is present), with an RSA key of at least <see cref="MinimumRsaKeySize"/>
/// bits (RFC 4474 §6 signs with RSA). Which domain the certificate speaks for is per request:
/// <see cref="IsForDomain"/> checks it against the From domain (RFC 4474 §6 step 2). Immutable and thread-safe.
/// </summary>
public sealed class DomainCertificateProfile : ICertificateProfile
{
    private const string RsaOid = "1.2.840.113549.1.1.1";
    private const string BasicConstraintsOid = "2.5.29.19";
    private const string KeyUsageOid = "2.5.29.15";
    private const string SubjectAltNameOid = "2.5.29.17";

    /// <summary>Creates the profile.</summary>
    /// <param name="minimumRsaKeySize">The smallest RSA modulus accepted, in bits; default 2048 (NIST SP 800-131A).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="minimumRsaKeySize"/> is below 1024.</exception>
    public DomainCertificateProfile(int minimumRsaKeySize = 2048)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minimumRsaKeySize, 1024);
        MinimumRsaKeySize = minimumRsaKeySize;
    }

    /// <summary>The smallest RSA modulus accepted, in bits (default 2048).</summary>
    public int MinimumRsaKeySize { get; }

    /// <inheritdoc />
    public IReadOnlyCollection<string> HandledCriticalExtensions { get; } = [];

    /// <inheritdoc />
    /// <remarks>
    /// Checks, in this order: end entity (RFC 5280 §4.2.1.9), digitalSignature key usage when the extension is present
    /// (RFC 5280 §4.2.1.3), an RSA key of at least <see cref="MinimumRsaKeySize"/> bits. The valid result carries the
    /// key as an <see cref="RSA"/>. The domain is not checked here (<see cref="IsForDomain"/>).
    /// </remarks>
    public CertificateValidationResult Validate(X509Certificate2 leaf)
    {
        ArgumentNullException.ThrowIfNull(leaf);
        if (leaf.Extensions[BasicConstraintsOid] is X509BasicConstraintsExtension { CertificateAuthority: true })
        {
            return Fail(CertificateFailure.KeyUsage, leaf, $"certificate '{leaf.Subject}' is a CA (basicConstraints cA=true); an RFC 4474 signer must be an end entity");
        }

        if (leaf.Extensions[KeyUsageOid] is X509KeyUsageExtension usage && (usage.KeyUsages & X509KeyUsageFlags.DigitalSignature) == 0)
        {
            return Fail(CertificateFailure.KeyUsage, leaf, $"certificate '{leaf.Subject}' key usage ({usage.KeyUsages}) lacks digitalSignature");
        }

        if (leaf.PublicKey.Oid.Value != RsaOid)
        {
            return Fail(CertificateFailure.UnsupportedKey, leaf, $"certificate '{leaf.Subject}' has a {leaf.PublicKey.Oid.FriendlyName ?? leaf.PublicKey.Oid.Value} key; RFC 4474 signatures need RSA");
        }

        var rsa = leaf.GetRSAPublicKey();
        if (rsa is null)
        {
            return Fail(CertificateFailure.UnsupportedKey, leaf, $"certificate '{leaf.Subject}' public key could not be read as RSA");
        }

        if (rsa.KeySize < MinimumRsaKeySize)
        {
            var size = rsa.KeySize;
            rsa.Dispose();
            return Fail(CertificateFailure.UnsupportedKey, leaf, $"certificate '{leaf.Subject}' has a {size}-bit RSA key; at least {MinimumRsaKeySize} bits are required");
        }

        return CertificateValidationResult.Valid(leaf, rsa);
    }

    /// <summary>
    /// Whether <paramref name="certificate"/> speaks for <paramref name="domain"/> (RFC 4474 §6 step 2; RFC 6125 §6.4):
    /// when the subjectAltName extension holds dNSName entries (or <c>sip:</c>/<c>sips:</c> URIs without a user part,
    /// as Kamailio accepts), one of them must equal the domain; otherwise the subject CN must. ASCII case-insensitive,
    /// exact (no wildcards). A trailing dot of a DNS name is ignored.
    /// </summary>
    /// <param name="certificate">The signer certificate.</param>
    /// <param name="domain">The host of the From URI, e.g. <c>example.com</c>.</param>
    /// <param name="names">The names the certificate was matched against, for a diagnostic.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static bool IsForDomain(X509Certificate2 certificate, string domain, out IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(domain);
        var wanted = domain.TrimEnd('.');
        var alternative = SubjectAltNames(certificate);
        names = alternative.Count > 0 ? alternative : CommonNames(certificate);
        foreach (var name in names)
        {
            if (string.Equals(name.TrimEnd('.'), wanted, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static List<string> SubjectAltNames(X509Certificate2 certificate)
    {
        var names = new List<string>();
        if (certificate.Extensions[SubjectAltNameOid] is not { } extension)
        {
            return names;
        }

        try
        {
            // RFC 5280 §4.2.1.6: GeneralNames; dNSName [2] and uniformResourceIdentifier [6] are IA5String.
            foreach (var name in GeneralNames.GetInstance(Asn1Object.FromByteArray(extension.RawData)).GetNames())
            {
                if (name.TagNo == GeneralName.DnsName)
                {
                    names.Add(DerIA5String.GetInstance(name.Name).GetString());
                }
                else if (name.TagNo == GeneralName.UniformResourceIdentifier && SipUriHost(DerIA5String.GetInstance(name.Name).GetString()) is { } host)
                {
                    names.Add(host);
                }
            }
        }
        catch (Exception e) when (e is IOException or ArgumentException or InvalidCastException or InvalidOperationException)
        {
            names.Clear();
        }

        return names;
    }

    // sip:example.com or sips:example.com[:port][;params] without a user part.
    private static string? SipUriHost(string uri)
    {
        var colon = uri.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0 || !(uri[..colon].Equals("sip", StringComparison.OrdinalIgnoreCase) || uri[..colon].Equals("sips", StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }

        var rest = uri[(colon + 1)..];
        if (rest.Contains('@', StringComparison.Ordinal))
        {
            return null;
        }

        var end = rest.IndexOfAny([':', ';', '?']);
        return end < 0 ? rest : rest[..end];
    }

    private static List<string> CommonNames(X509Certificate2 certificate)
    {
        var names = new List<string>();
        foreach (var rdn in certificate.SubjectName.EnumerateRelativeDistinguishedNames())
        {
            if (!rdn.HasMultipleElements && rdn.GetSingleElementType().Value == "2.5.4.3" && rdn.GetSingleElementValue() is { } value)
            {
                names.Add(value);
            }
        }

        return names;
    }

    private static CertificateValidationResult Fail(CertificateFailure failure, X509Certificate2 leaf, string detail) =>
        CertificateValidationResult.Invalid(failure, detail, leaf);
}
