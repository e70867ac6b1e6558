using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace StirShaken.Identity.Certificates;

/// <summary>The outcome of <see cref="CertificateValidator.Validate"/>.</summary>
public sealed class CertificateValidationResult
{
    private CertificateValidationResult(CertificateFailure failure, string? detail, X509Certificate2? leaf, TnAuthList? tnAuthList, ECDsa? publicKey)
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
    [MemberNotNullWhen(true, nameof(Leaf), nameof(TnAuthList), nameof(PublicKey))]
    public bool IsValid => Failure == CertificateFailure.None;

    /// <summary>The leaf (signer) certificate, when it could be identified.</summary>
    public X509Certificate2? Leaf { get; }

    /// <summary>The leaf's TNAuthList, when valid.</summary>
    public TnAuthList? TnAuthList { get; }

    /// <summary>The first SPC of the TNAuthList, or null.</summary>
    public string? Spc => TnAuthList is { ServiceProviderCodes.Count: > 0 } l ? l.ServiceProviderCodes[0] : null;

    /// <summary>The leaf's P-256 public key, ready for ES256 verification (shared; do not dispose).</summary>
    public ECDsa? PublicKey { get; }

    /// <summary>Creates a successful result.</summary>
    public static CertificateValidationResult Valid(X509Certificate2 leaf, TnAuthList tnAuthList, ECDsa publicKey) => new(CertificateFailure.None, null, leaf, tnAuthList, publicKey);

    /// <summary>Creates a failed result.</summary>
    public static CertificateValidationResult Invalid(CertificateFailure failure, string detail, X509Certificate2? leaf = null) => new(failure, detail, leaf, null, null);
}
