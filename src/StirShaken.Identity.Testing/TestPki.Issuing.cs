using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Asn1;
using StirShaken.Identity.Certificates;
using CertificatePolicies = Org.BouncyCastle.Asn1.X509.CertificatePolicies;
using PolicyInformation = Org.BouncyCastle.Asn1.X509.PolicyInformation;

namespace StirShaken.Identity.Testing;

// Certificate issuance for the test PKI (the ATIS-1000080 SHAKEN certificate profile).
public sealed partial class TestPki
{
    private const string CertificatePoliciesOid = "2.5.29.32";

    /// <summary>
    /// Issues another leaf from the intermediate, for negative tests (expired, no TNAuthList,
    /// wrong curve, wrong CN, other policy...). Returns the chain (leaf + intermediate, or leaf + the
    /// untrusted CA) and the leaf key, which the caller owns.
    /// </summary>
    public (CertificateChain Chain, ECDsa Key) IssueLeaf(TestLeafOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var notBefore = options.NotBefore ?? _notBefore;
        var notAfter = options.NotAfter ?? notBefore.Add(_validity);
        var key = ECDsa.Create(options.Curve ?? ECCurve.NamedCurves.nistP256);
        try
        {
            var builder = new X500DistinguishedNameBuilder();
            // The builder encodes in reverse call order: this yields C, O, CN (displayed "CN=..., O=..., C=US").
            builder.AddCommonName(options.CommonName ?? "SHAKEN " + (options.Spc ?? "NOSPC"));
            builder.AddOrganizationName("StirShaken.Identity Test SP");
            builder.AddCountryOrRegion("US");
            var extensions = LeafExtensions(options);

            if (!options.SelfIssuedUntrusted)
            {
                var leaf = Issue(builder.Build(), key, _intermediatePublic.SubjectName, _intermediateKey, _intermediateSki, notBefore, notAfter, extensions);
                return (CertificateChain.FromCertificates([leaf, _intermediatePublic]), key);
            }

            // A CA nobody trusts, with a name that gives nothing away.
            using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var otherName = CaName("Untrusted STI-CA");
            var otherSki = SubjectKeyIdentifier(otherKey);
            var other = Issue(otherName, otherKey, otherName, otherKey, null, notBefore.AddDays(-1), notAfter.AddYears(1), CaExtensions(null, otherSki));
            var untrustedLeaf = Issue(builder.Build(), key, otherName, otherKey, otherSki, notBefore, notAfter, extensions);
            return (CertificateChain.FromCertificates([untrustedLeaf, other]), key);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Issues a CRL (DER) signed by the intermediate, listing <paramref name="revoked"/>, for
    /// revocation tests (serve it at a leaf's <see cref="TestLeafOptions.CrlDistributionPointUrl"/>).
    /// </summary>
    public byte[] IssueCrl(IEnumerable<X509Certificate2> revoked, DateTimeOffset thisUpdate, DateTimeOffset nextUpdate)
    {
        ArgumentNullException.ThrowIfNull(revoked);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var builder = new CertificateRevocationListBuilder();
        foreach (var certificate in revoked)
        {
            builder.AddEntry(certificate, thisUpdate, X509RevocationReason.KeyCompromise);
        }

        return builder.Build(_intermediate, System.Numerics.BigInteger.One + ++_crlNumber, nextUpdate, HashAlgorithmName.SHA256, null, thisUpdate);
    }

    private static List<X509Extension> LeafExtensions(TestLeafOptions options)
    {
        var extensions = new List<X509Extension>
        {
            new X509BasicConstraintsExtension(false, false, 0, true),
            new X509KeyUsageExtension(options.WithoutDigitalSignature ? X509KeyUsageFlags.KeyAgreement : X509KeyUsageFlags.DigitalSignature, true),
        };

        if (options.CrlDistributionPointUrl is not null)
        {
            extensions.Add(CertificateRevocationListBuilder.BuildCrlDistributionPointExtension([options.CrlDistributionPointUrl]));
        }

        if (options.PolicyOid is not null)
        {
            // RFC 5280 §4.2.1.4: certificatePolicies ::= SEQUENCE OF PolicyInformation (no qualifiers).
            var policies = new CertificatePolicies(new PolicyInformation(new DerObjectIdentifier(options.PolicyOid)));
            extensions.Add(new X509Extension(CertificatePoliciesOid, policies.GetEncoded(Asn1Encodable.Der), false));
        }

        if (options.ClaimConstraints is not null)
        {
            extensions.Add(options.ClaimConstraints.ToExtension());
        }

        byte[]? tnAuthList = null;
        if (options.TnAuthListDer is not null)
        {
            tnAuthList = [.. options.TnAuthListDer];
        }
        else if (options.Spc is not null || options.Numbers is { Count: > 0 })
        {
            tnAuthList = TnAuthList.Encode(options.Spc is null ? [] : [options.Spc], null, options.Numbers);
        }

        if (tnAuthList is not null)
        {
            extensions.Add(new X509Extension(TnAuthList.Oid, tnAuthList, options.CriticalTnAuthList));
        }

        return extensions;
    }

    private static List<X509Extension> CaExtensions(int? pathLength, X509SubjectKeyIdentifierExtension ski) =>
    [
        new X509BasicConstraintsExtension(true, pathLength.HasValue, pathLength ?? 0, true),
        new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true),
        ski,
    ];

    private static X500DistinguishedName CaName(string commonName)
    {
        var builder = new X500DistinguishedNameBuilder();
        builder.AddCommonName(commonName);
        builder.AddOrganizationName("StirShaken.Identity Test");
        builder.AddCountryOrRegion("US");
        return builder.Build();
    }

    private static X509SubjectKeyIdentifierExtension SubjectKeyIdentifier(ECDsa key) =>
        new(new PublicKey(key), X509SubjectKeyIdentifierHashAlgorithm.Sha1, false);

    private static X509Certificate2 Issue(
        X500DistinguishedName subject,
        ECDsa subjectKey,
        X500DistinguishedName issuerName,
        ECDsa issuerKey,
        X509SubjectKeyIdentifierExtension? issuerSki,
        DateTimeOffset notBefore,
        DateTimeOffset notAfter,
        IEnumerable<X509Extension> extensions)
    {
        var request = new CertificateRequest(subject, subjectKey, HashAlgorithmName.SHA256);
        foreach (var extension in extensions)
        {
            request.CertificateExtensions.Add(extension);
        }

        if (!extensions.Any(e => e is X509SubjectKeyIdentifierExtension))
        {
            request.CertificateExtensions.Add(SubjectKeyIdentifier(subjectKey));
        }

        if (issuerSki is not null)
        {
            request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(issuerSki));
        }

        // The generator overload does not clamp validity to the issuer's, which expiry tests rely on.
        return request.Create(issuerName, X509SignatureGenerator.CreateForECDsa(issuerKey), notBefore, notAfter, NewSerialNumber());
    }

    // RFC 5280 §4.1.2.2: positive, at most 20 octets; the high bit is cleared and a bit set so it stays 16 octets.
    private static byte[] NewSerialNumber()
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] = (byte)((serial[0] & 0x7F) | 0x40);
        return serial;
    }
}
