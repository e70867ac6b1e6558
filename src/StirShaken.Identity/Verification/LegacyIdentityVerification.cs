using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography.X509Certificates;
using StirShaken.Identity.Parsing;

namespace StirShaken.Identity.Verification;

/// <summary>
/// The verdict on one legacy RFC 4474 <c>Identity</c> + <c>Identity-Info</c> pair (RFC 4474 §6): the certificate at the
/// Identity-Info URL, its chain to a legacy trust anchor, its domain against the From domain, the Date, and the RSA
/// signature over the digest-string (RFC 4474 §9). A verified pair proves the From domain, not a telephone number:
/// no attestation, no TN (README "Legacy RFC 4474 (Identity-Info)").
/// </summary>
public sealed class LegacyIdentityVerification
{
    internal LegacyIdentityVerification(LegacyIdentity? identity, LegacyDigestString? digestString, string? domain, VerificationFailure? failure, X509Certificate2? signerCertificate)
    {
        Identity = identity;
        DigestString = digestString;
        Domain = domain;
        Failure = failure;
        SignerCertificate = signerCertificate;
    }

    /// <summary>Whether the pair verified.</summary>
    [MemberNotNullWhen(true, nameof(Identity), nameof(DigestString), nameof(Domain), nameof(SignerCertificate), nameof(FromAddrSpec))]
    [MemberNotNullWhen(false, nameof(Failure))]
    public bool IsSuccess => Failure is null;

    /// <summary>Why the pair failed, or null when it verified.</summary>
    public VerificationFailure? Failure { get; }

    /// <summary>The parsed pair (signature, Identity-Info URI, <c>alg</c>), when it parsed.</summary>
    public LegacyIdentity? Identity { get; }

    /// <summary>The <c>alg</c> in force: the Identity-Info <c>alg</c> parameter, or <c>rsa-sha1</c> when absent (RFC 4474 §9).</summary>
    public string? Algorithm => Identity is null ? null : Identity.Alg ?? "rsa-sha1";

    /// <summary>The digest-string of the request as received (RFC 4474 §9), when it could be built.</summary>
    public LegacyDigestString? DigestString { get; }

    /// <summary>The From addr-spec the signature vouches for, e.g. <c>sip:alice@example.com</c>, when the digest-string was built.</summary>
    public string? FromAddrSpec => DigestString?.FromAddrSpec;

    /// <summary>The From domain (the host of the From URI) the signer is authoritative for (RFC 4474 §6 step 2), when known.</summary>
    public string? Domain { get; }

    /// <summary>The signer's domain certificate, when it was validated.</summary>
    public X509Certificate2? SignerCertificate { get; }

    /// <inheritdoc />
    public override string ToString() => IsSuccess
        ? $"verified {FromAddrSpec} (domain {Domain}, {Algorithm}, signer '{SignerCertificate.Subject}')"
        : $"failed {Failure}";
}
