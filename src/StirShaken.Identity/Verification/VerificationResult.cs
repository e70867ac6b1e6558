using System.Security.Cryptography.X509Certificates;
using StirShaken.Identity.Passport;
using StirShaken.Identity.Sip;

namespace StirShaken.Identity.Verification;

/// <summary>
/// The outcome of verifying a request: status and verstat, the verified identity (attestation,
/// orig, dest, origid, SPC, signer certificate), one outcome per Identity header, and on failure
/// the reason, SIP code and a ready-to-send response.
/// </summary>
public sealed class VerificationResult
{
    internal VerificationResult(VerificationStatus status, IReadOnlyList<IdentityHeaderOutcome> headers, VerificationFailure? failure,
        PassportToken? passport, string? spc, X509Certificate2? signer, SipResponse? response)
    {
        Status = status;
        Headers = headers;
        Failure = failure;
        Passport = passport;
        Spc = spc;
        SignerCertificate = signer;
        Response = response;
    }

    /// <summary>Passed, failed, or no identity.</summary>
    public VerificationStatus Status { get; }

    /// <summary>Whether a supported PASSporT verified.</summary>
    public bool IsVerified => Status == VerificationStatus.Passed;

    /// <summary>The 3GPP verstat value to add to PAI/From toward the called party.</summary>
    public string Verstat => Status switch
    {
        VerificationStatus.Passed => Verification.Verstat.Passed,
        VerificationStatus.Failed => Verification.Verstat.Failed,
        _ => Verification.Verstat.NoValidation,
    };

    /// <summary>The verified SHAKEN attestation, when passed.</summary>
    public Attestation? Attestation => Passport?.Claims.Attestation;

    /// <summary>The verified <c>orig</c> TN (or URI), when passed.</summary>
    public string? Orig => Passport?.Claims.Orig.ToString();

    /// <summary>The verified <c>dest</c> TNs, when passed (empty otherwise).</summary>
    public IReadOnlyList<string> Dest => Passport?.Claims.DestTns ?? [];

    /// <summary>The verified <c>origid</c>, when passed.</summary>
    public string? OrigId => Passport?.Claims.OrigId;

    /// <summary>The signer's service provider code (from the certificate's TNAuthList), when passed.</summary>
    public string? Spc { get; }

    /// <summary>The signer's (leaf) certificate, when passed.</summary>
    public X509Certificate2? SignerCertificate { get; }

    /// <summary>The PASSporT that verified, when passed.</summary>
    public PassportToken? Passport { get; }

    /// <summary>One outcome per Identity header, in message order.</summary>
    public IReadOnlyList<IdentityHeaderOutcome> Headers { get; }

    /// <summary>Why verification failed (the most specific failure across headers), or null.</summary>
    public VerificationFailure? Failure { get; }

    /// <summary>
    /// The SIP failure response to send when rejecting (RFC 3261 §8.2.6), when the result is a
    /// failure of a SIP request; null otherwise.
    /// </summary>
    public SipResponse? Response { get; }

    /// <inheritdoc />
    public override string ToString() => Status switch
    {
        VerificationStatus.Passed => $"{Verstat} attest={Attestation} orig={Orig} spc={Spc}",
        VerificationStatus.Failed => $"{Verstat} {Failure}",
        _ => Verstat,
    };
}
