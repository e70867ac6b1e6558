using System.Security.Cryptography.X509Certificates;
using StirShaken.Identity.Passport;

namespace StirShaken.Identity.Verification;

/// <summary>What happened to one Identity header of the request (RFC 8224 §6.2 runs per header).</summary>
public sealed class IdentityHeaderOutcome
{
    internal IdentityHeaderOutcome(int index, string rawValue, string? ppt, IdentityHeaderStatus status, VerificationFailure? failure, PassportToken? passport, PassportVerification? verification, LegacyIdentityVerification? legacy = null)
    {
        Legacy = legacy;
        Index = index;
        RawValue = rawValue;
        Ppt = ppt;
        Status = status;
        Failure = failure;
        Passport = passport;
        Verification = verification;
    }

    /// <summary>Zero-based position among the request's Identity header lines.</summary>
    public int Index { get; }

    /// <summary>The header value as received.</summary>
    public string RawValue { get; }

    /// <summary>The <c>ppt</c> (from the header parameter or the PASSporT), or null.</summary>
    public string? Ppt { get; }

    /// <summary>Verified, failed or skipped.</summary>
    public IdentityHeaderStatus Status { get; }

    /// <summary>The failure when <see cref="Status"/> is <see cref="IdentityHeaderStatus.Failed"/>: of the PASSporT itself or of its binding to the request.</summary>
    public VerificationFailure? Failure { get; }

    /// <summary>The decoded PASSporT when it could be decoded.</summary>
    public PassportToken? Passport { get; }

    /// <summary>
    /// The request-independent verdict on the PASSporT itself (<see cref="PassportVerification"/>), when it was reached;
    /// null when the header was skipped, or failed a binding check (orig, dest, freshness) before its credential was examined.
    /// </summary>
    public PassportVerification? Verification { get; }

    /// <summary>
    /// For a legacy RFC 4474 header that was verified: its verdict (README "Legacy RFC 4474 (Identity-Info)"); null for
    /// RFC 8224 headers, and for legacy headers that were not verified (an RFC 8224 header decided: status Skipped).
    /// </summary>
    public LegacyIdentityVerification? Legacy { get; }

    /// <summary>This outcome with its failure's status selected by <paramref name="profile"/> (README "Conformance profiles").</summary>
    internal IdentityHeaderOutcome WithProfile(ConformanceProfile profile) =>
        Failure?.ForProfile(profile) is { } mapped && !ReferenceEquals(mapped, Failure)
            ? new IdentityHeaderOutcome(Index, RawValue, Ppt, Status, mapped, Passport, Verification) { IsReplay = IsReplay }
            : this;

    /// <summary>
    /// Whether this verified PASSporT was already seen, within its freshness window, in a request with another Call-ID
    /// (a replay, RFC 8224 §12.1; README "Repeats and replays"). Set under <see cref="ReplayPolicy.Report"/> (the header
    /// keeps its verdict) and <see cref="ReplayPolicy.Reject"/> (the header failed with <see cref="FailureReason.ReplayedPassport"/>).
    /// </summary>
    public bool IsReplay { get; internal set; }

    /// <summary>The signer's SPC when the certificate was validated.</summary>
    public string? Spc => Verification?.Spc;

    /// <summary>The signer's (leaf) certificate when it was validated.</summary>
    public X509Certificate2? SignerCertificate => Verification?.SignerCertificate ?? Legacy?.SignerCertificate;
}
