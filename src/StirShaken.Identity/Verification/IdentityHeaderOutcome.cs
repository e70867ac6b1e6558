using System.Security.Cryptography.X509Certificates;
using StirShaken.Identity.Passport;

namespace StirShaken.Identity.Verification;

/// <summary>What happened to one Identity header of the request (RFC 8224 §6.2 runs per header).</summary>
public sealed class IdentityHeaderOutcome
{
    internal IdentityHeaderOutcome(int index, string rawValue, string? ppt, IdentityHeaderStatus status, VerificationFailure? failure, PassportToken? passport, string? spc, X509Certificate2? signerCertificate = null)
    {
        Index = index;
        RawValue = rawValue;
        Ppt = ppt;
        Status = status;
        Failure = failure;
        Passport = passport;
        Spc = spc;
        SignerCertificate = signerCertificate;
    }

    /// <summary>Zero-based position among the request's Identity header lines.</summary>
    public int Index { get; }

    /// <summary>The header value as received.</summary>
    public string RawValue { get; }

    /// <summary>The <c>ppt</c> (from the header parameter or the PASSporT), or null.</summary>
    public string? Ppt { get; }

    /// <summary>Verified, failed or skipped.</summary>
    public IdentityHeaderStatus Status { get; }

    /// <summary>The failure when <see cref="Status"/> is <see cref="IdentityHeaderStatus.Failed"/>.</summary>
    public VerificationFailure? Failure { get; }

    /// <summary>The decoded PASSporT when it could be decoded.</summary>
    public PassportToken? Passport { get; }

    /// <summary>The signer's SPC when the certificate was validated.</summary>
    public string? Spc { get; }

    /// <summary>The signer's (leaf) certificate when it was validated.</summary>
    public X509Certificate2? SignerCertificate { get; }
}
