namespace StirShaken.Identity.Passport;

/// <summary>
/// Names of the Rich Call Data claims (RFC 9795 §5–§7, IANA "JSON Web Token Claims") and of the keys of the
/// <c>rcd</c> object (RFC 9795 §5.1, IANA "PASSporT RCD Claim Types").
/// </summary>
public static class RichCallDataNames
{
    /// <summary><c>rcd</c>: the Rich Call Data object (RFC 9795 §5.1).</summary>
    public const string Rcd = "rcd";

    /// <summary><c>rcdi</c>: the integrity digests, JSON pointer → <c>alg-base64</c> (RFC 9795 §6).</summary>
    public const string Rcdi = "rcdi";

    /// <summary><c>crn</c>: the call reason, a top-level string claim (RFC 9795 §7).</summary>
    public const string Crn = "crn";

    /// <summary><c>iss</c>: the issuer of a third-party <c>rcd</c> PASSporT (RFC 9795 §10.1).</summary>
    public const string Iss = "iss";

    /// <summary><c>nam</c>: the display name, exactly once in <c>rcd</c> (RFC 9795 §5.1.1).</summary>
    public const string Nam = "nam";

    /// <summary><c>apn</c>: the alternate presentation number (RFC 9795 §5.1.2).</summary>
    public const string Apn = "apn";

    /// <summary><c>icn</c>: an HTTPS URL of an icon (RFC 9795 §5.1.3).</summary>
    public const string Icn = "icn";

    /// <summary><c>jcd</c>: a jCard by value (RFC 9795 §5.1.4).</summary>
    public const string Jcd = "jcd";

    /// <summary><c>jcl</c>: an HTTPS URL of a jCard (RFC 9795 §5.1.5).</summary>
    public const string Jcl = "jcl";
}
