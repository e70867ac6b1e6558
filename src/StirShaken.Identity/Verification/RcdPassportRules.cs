using StirShaken.Identity.Passport;

namespace StirShaken.Identity.Verification;

/// <summary>
/// The Rich Call Data PASSporT, <c>ppt=rcd</c> (RFC 9795 §8): <c>orig</c>, <c>dest</c>, <c>iat</c> plus at least one of
/// <c>rcd</c>/<c>crn</c>, under the construction rules of RFC 9795 §5–§7. First-party without <c>iss</c>, third-party
/// with <c>iss</c> (§10). It qualifies the call's SHAKEN PASSporT and never verifies a call by itself: its RCD is used
/// only when a verified SHAKEN PASSporT for the same calling number vouches for the call (README "Rich Call Data").
/// </summary>
internal sealed class RcdPassportRules : IPassportTypeRules
{
    /// <summary>The one shared instance (stateless).</summary>
    public static readonly RcdPassportRules Instance = new();

    private RcdPassportRules()
    {
    }

    /// <inheritdoc />
    public string Ppt => PassportTypes.Rcd;

    /// <summary>
    /// False: RFC 9795 §9 allows a compact <c>rcd</c> PASSporT rebuilt from the From display-name and Call-Info, but
    /// §9.1 and §12.2 disagree on <c>jcd</c>, and the verifier rebuilds no compact PASSporT (README "Rich Call Data", 7).
    /// </summary>
    public bool AllowsCompactForm => false;

    /// <summary>False: an <c>rcd</c> PASSporT has no attestation; it is bound to the call in the RCD step instead.</summary>
    public bool BindsCall => false;

    /// <inheritdoc />
    public VerificationFailure? CheckClaims(PassportClaims claims)
    {
        var read = RichCallDataClaims.TryRead(claims);
        if (read is { IsSuccess: false } broken)
        {
            return RcdClaimRules.ToFailure(broken.Error);
        }

        // RFC 9795 §8: an rcd PASSporT carries rcd or crn.
        return read is not { Value: { } rcd } || (rcd.Rcd is null && rcd.CallReason is null)
            ? new VerificationFailure(FailureReason.MissingClaim, "the rcd PASSporT carries neither \"rcd\" nor \"crn\" (RFC 9795 §8)")
            : null;
    }
}

/// <summary>The RCD construction rules (RFC 9795 §5–§7) as a claim check, for every PASSporT type that may carry RCD.</summary>
internal static class RcdClaimRules
{
    /// <summary>Null when the claims carry no RCD or valid RCD; else the 438 failure (RFC 9795 §8.1: no claim may be used).</summary>
    public static VerificationFailure? Check(PassportClaims claims)
    {
        return RichCallDataClaims.TryRead(claims) is { IsSuccess: false } read ? ToFailure(read.Error) : null;
    }

    public static VerificationFailure ToFailure(ParseError error) => new(
        error.Code == ParseErrorCode.MissingClaim ? FailureReason.MissingClaim : FailureReason.InvalidClaim,
        $"the Rich Call Data breaks RFC 9795: {error.Message}");
}
