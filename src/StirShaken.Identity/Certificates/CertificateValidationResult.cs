using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace StirShaken.Identity.Certificates;

/// <summary>The outcome of <see cref="CertificateValidator.Validate"/>.</summary>
public sealed class CertificateValidationResult
{
    private CertificateValidationResult(CertificateFailure failure, string? detail, X509Certificate2? leaf, TnAuthList? tnAuthList, AsymmetricAlgorithm? publicKey)
    {
        Failure = failure;
        Detail = detail;
        Leaf = leaf;
        TnAuthList = tnAuthList;
        PublicKey = publicKey;
    }

    /// <summary>Why the chain is not acceptable, or <see cref="CertificateFailure.None"/>.</summary>
    public CertificateFailure Failure { get; }

    /// <summary>A precise human-readable detail (which certificate, which rule).</summary>
    public string? Detail { get; }

    /// <summary>Whether the chain is acceptable.</summary>
    [MemberNotNullWhen(true, nameof(Leaf), nameof(PublicKey))]
    public bool IsSuccess => Failure == CertificateFailure.None;

    /// <summary>The leaf (signer) certificate, when it could be identified.</summary>
    public X509Certificate2? Leaf { get; }

    /// <summary>The leaf's TNAuthList (RFC 8226 §9), when valid under <see cref="StiCertificateProfile"/>; null for other profiles.</summary>
    public TnAuthList? TnAuthList { get; }

    /// <summary>The first SPC of the TNAuthList, or null.</summary>
    public string? Spc => TnAuthList is { ServiceProviderCodes.Count: > 0 } l ? l.ServiceProviderCodes[0] : null;

    /// <summary>
    /// The leaf's public key, when valid, of the type the profile requires: an <see cref="ECDsa"/> P-256 key for
    /// <see cref="StiCertificateProfile"/> (ES256, RFC 8225 §5). Shared; do not dispose.
    /// </summary>
    public AsymmetricAlgorithm? PublicKey { get; }

    /// <summary>Creates a successful result (for <see cref="ICertificateProfile"/> implementations).</summary>
    /// <param name="leaf">The signer certificate.</param>
    /// <param name="publicKey">Its public key, ready for signature verification.</param>
    /// <param name="tnAuthList">The decoded TNAuthList (STI profile), or null.</param>
    public static CertificateValidationResult Valid(X509Certificate2 leaf, AsymmetricAlgorithm publicKey, TnAuthList? tnAuthList = null)
    {
        ArgumentNullException.ThrowIfNull(leaf);
        ArgumentNullException.ThrowIfNull(publicKey);
        return new(CertificateFailure.None, null, leaf, tnAuthList, publicKey);
    }

    /// <summary>Creates a failed result (for <see cref="ICertificateProfile"/> implementations).</summary>
    public static CertificateValidationResult Invalid(CertificateFailure failure, string detail, X509Certificate2? leaf = null) => new(failure, detail, leaf, null, null);
}
