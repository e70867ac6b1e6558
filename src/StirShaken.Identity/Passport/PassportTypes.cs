namespace StirShaken.Identity.Passport;

/// <summary>
/// Registered PASSporT extension names: values of the <c>ppt</c> JOSE header parameter and of the
/// Identity header's <c>ppt</c> parameter (RFC 8225 §8.1, RFC 8224 §4). A base PASSporT has no <c>ppt</c>.
/// </summary>
public static class PassportTypes
{
    /// <summary><c>shaken</c>: SHAKEN attestation (RFC 8588 §3, ATIS-1000074 §5.2.2).</summary>
    public const string Shaken = "shaken";

    /// <summary><c>div</c>: call diversion / retargeting (RFC 8946 §3).</summary>
    public const string Div = "div";

    /// <summary><c>div-o</c>: diversion with the original PASSporT nested in <c>opt</c> (RFC 8946 §5).</summary>
    public const string DivO = "div-o";

    /// <summary><c>rcd</c>: rich call data (RFC 9795 §8).</summary>
    public const string Rcd = "rcd";
}
