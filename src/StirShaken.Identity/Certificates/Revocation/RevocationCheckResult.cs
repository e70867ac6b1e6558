namespace StirShaken.Identity.Certificates.Revocation;

/// <summary>The outcome of <see cref="CrlChecker.CheckAsync"/>.</summary>
/// <param name="Failure"><see cref="CertificateFailure.None"/>, <see cref="CertificateFailure.Revoked"/> or <see cref="CertificateFailure.RevocationUnknown"/> (hard-fail only).</param>
/// <param name="Detail">What was checked or why it failed; null when every certificate was found good.</param>
/// <param name="StatusUnknown">The status of at least one certificate could not be determined (accepted under soft-fail).</param>
public sealed record RevocationCheckResult(CertificateFailure Failure, string? Detail, bool StatusUnknown)
{
    /// <summary>Every checked certificate is good (or checking is off).</summary>
    public static RevocationCheckResult Good { get; } = new(CertificateFailure.None, null, false);

    /// <summary>Whether the chain is acceptable as far as revocation goes.</summary>
    public bool IsSuccess => Failure == CertificateFailure.None;
}
