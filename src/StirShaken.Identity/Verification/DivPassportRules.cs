using StirShaken.Identity.Passport;

namespace StirShaken.Identity.Verification;

/// <summary>
/// The diversion PASSporTs of RFC 8946: <c>ppt=div</c> (§3) and <c>ppt=div-o</c> (§5, the original nested in
/// <c>opt</c>, §6). They never bind a call alone (<see cref="BindsCall"/> false): the verifier links them into
/// chains ending at a PASSporT that does (README "Retargeted calls (301/302, forwarding)"), and the signer must
/// have authority over the <c>div</c> identifier, not over <c>orig</c> (RFC 8946 §3).
/// </summary>
internal sealed class DivPassportRules : IPassportTypeRules
{
    /// <summary>The <c>div</c> rules (RFC 8946 §3).</summary>
    public static readonly DivPassportRules Div = new(PassportTypes.Div);

    /// <summary>The <c>div-o</c> rules (RFC 8946 §5).</summary>
    public static readonly DivPassportRules DivO = new(PassportTypes.DivO);

    private DivPassportRules(string ppt) => Ppt = ppt;

    /// <inheritdoc />
    public string Ppt { get; }

    /// <summary>False: "div" PASSporTs MUST use full form (RFC 8946 §3).</summary>
    public bool AllowsCompactForm => false;

    /// <summary>False: a diversion only qualifies an earlier PASSporT; it never verifies a call alone (RFC 8946 §4.2).</summary>
    public bool BindsCall => false;

    /// <summary>Whether this is <c>div-o</c>, whose previous PASSporT is nested in <c>opt</c> (RFC 8946 §5.1).</summary>
    public bool IsNested => Ppt == PassportTypes.DivO;

    /// <summary>RFC 8946 §3: the signer's credential must cover the identity in <c>div</c>.</summary>
    public PassportIdentity? SignerScope(PassportClaims claims) => claims.Div?.Target;

    /// <inheritdoc />
    public VerificationFailure? CheckClaims(PassportClaims claims)
    {
        // RFC 8946 §3: every div PASSporT carries the div claim: the previous destination, one identifier.
        if (claims.Div is null)
        {
            return new VerificationFailure(FailureReason.MissingClaim, $"the {Ppt} PASSporT has no \"div\" claim (the number the call was diverted from)");
        }

        if (claims.DestTns.Count == 0 && claims.DestUris.Count == 0)
        {
            return new VerificationFailure(FailureReason.MissingClaim, $"the {Ppt} PASSporT has no \"dest\" (the new target)");
        }

        // RFC 8946 §3: a div PASSporT MUST NOT contain opt; §5: a div-o MUST.
        if (!IsNested && claims.Opt is not null)
        {
            return new VerificationFailure(FailureReason.InvalidClaim, "a div PASSporT must not contain \"opt\" (RFC 8946 §3); use ppt div-o for a nested original");
        }

        if (IsNested && string.IsNullOrEmpty(claims.Opt))
        {
            return new VerificationFailure(FailureReason.MissingClaim, "the div-o PASSporT has no \"opt\" (the original PASSporT in full form, RFC 8946 §5)");
        }

        return null;
    }
}
