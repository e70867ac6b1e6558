using StirShaken.Identity.Passport;

namespace StirShaken.Identity.Verification;

/// <summary>The SHAKEN PASSporT, <c>ppt=shaken</c> (RFC 8588; ATIS-1000074 §5.2, §5.3).</summary>
internal sealed class ShakenPassportRules : IPassportTypeRules
{
    /// <summary>The one shared instance (stateless).</summary>
    public static readonly ShakenPassportRules Instance = new();

    private ShakenPassportRules()
    {
    }

    /// <inheritdoc />
    public string Ppt => PassportTypes.Shaken;

    /// <summary>False: <c>attest</c> and <c>origid</c> cannot be rebuilt from SIP (ATIS-1000074 §5.3.3).</summary>
    public bool AllowsCompactForm => false;

    /// <summary>True: the SHAKEN PASSporT is the root of the call's identity (ATIS-1000074 §5.3.1).</summary>
    public bool BindsCall => true;

    /// <inheritdoc />
    public VerificationFailure? CheckClaims(PassportClaims claims)
    {
        // RFC 8588 §4 / ATIS-1000074 §5.3.1: attest and origid are required; orig and dest are TNs.
        if (claims.Attest is null)
        {
            return new VerificationFailure(FailureReason.MissingClaim, "the SHAKEN claim \"attest\" is missing");
        }

        if (claims.Attestation is null)
        {
            return new VerificationFailure(FailureReason.InvalidClaim, $"the SHAKEN claim \"attest\" is \"{claims.Attest}\"; it must be A, B or C");
        }

        if (claims.OrigId is null)
        {
            return new VerificationFailure(FailureReason.MissingClaim, "the SHAKEN claim \"origid\" is missing");
        }

        if (claims.OrigId.Length == 0)
        {
            return new VerificationFailure(FailureReason.InvalidClaim, "the SHAKEN claim \"origid\" is empty");
        }

        if (claims.Orig.Tn is null)
        {
            return new VerificationFailure(FailureReason.InvalidClaim, "SHAKEN requires \"orig\" of type tn, not uri");
        }

        if (claims.DestTns.Count == 0)
        {
            return new VerificationFailure(FailureReason.MissingClaim, "SHAKEN requires \"dest\" of type tn (dest.tn is missing)");
        }

        // RFC 9795 §13.2: rcd/rcdi/crn inside the SHAKEN PASSporT follow the RCD construction rules (§8.1: else invalid).
        return RcdClaimRules.Check(claims);
    }
}
