using StirShaken.Identity.Passport;

namespace StirShaken.Identity.Verification;

/// <summary>
/// The rules of one PASSporT type, selected by its <c>ppt</c> (RFC 8225 §8; RFC 8224 §6.2 step 1). A type is
/// verified only when it has rules: a new <c>ppt</c> is one new class implementing this interface plus one line in
/// <see cref="PassportTypeRegistry"/>. The checks every PASSporT gets (Identity syntax, JOSE header, x5u/info,
/// credential, signature) are not repeated here.
/// </summary>
internal interface IPassportTypeRules
{
    /// <summary>The <c>ppt</c> value, e.g. <c>shaken</c> (RFC 8588 §3).</summary>
    string Ppt { get; }

    /// <summary>
    /// Whether the compact form (<c>..signature</c>, RFC 8224 §4.1) is allowed: only when every claim of the
    /// type can be rebuilt from SIP.
    /// </summary>
    bool AllowsCompactForm { get; }

    /// <summary>
    /// Whether a verified PASSporT of this type stands on its own and binds the call: its <c>orig</c>,
    /// <c>dest</c> and <c>iat</c> are checked against the request, and it alone can make the call pass
    /// (RFC 8224 §6.2.1). False for a type that only qualifies another PASSporT (e.g. RFC 8946 <c>div</c>),
    /// which can never verify a call by itself.
    /// </summary>
    bool BindsCall { get; }

    /// <summary>The claims this type requires, in a fixed order; null when they are acceptable.</summary>
    VerificationFailure? CheckClaims(PassportClaims claims);

    /// <summary>
    /// The identity the signer's credential must have authority over (RFC 8224 §6.2 step 3): <c>orig</c> by default,
    /// the <c>div</c> identifier for RFC 8946 diversions (§3). Checked against a TNAuthList without an SPC.
    /// </summary>
    PassportIdentity? SignerScope(PassportClaims claims) => claims.Orig;
}
