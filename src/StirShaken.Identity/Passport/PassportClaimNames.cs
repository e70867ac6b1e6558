namespace StirShaken.Identity.Passport;

/// <summary>Names of the PASSporT claims and their members this library models (RFC 8225 §5, RFC 8588 §4, RFC 8946 §3-§6).</summary>
public static class PassportClaimNames
{
    /// <summary><c>orig</c>: the originating identity (RFC 8225 §5.2.1).</summary>
    public const string Orig = "orig";

    /// <summary><c>dest</c>: the destination identities (RFC 8225 §5.2.1).</summary>
    public const string Dest = "dest";

    /// <summary><c>iat</c>: issued-at, a NumericDate (RFC 8225 §5.1.1).</summary>
    public const string Iat = "iat";

    /// <summary><c>attest</c>: SHAKEN attestation level (RFC 8588 §4).</summary>
    public const string Attest = "attest";

    /// <summary><c>origid</c>: SHAKEN origination identifier (RFC 8588 §4).</summary>
    public const string OrigId = "origid";

    /// <summary><c>div</c>: the diverted-from target (RFC 8946 §3).</summary>
    public const string Div = "div";

    /// <summary><c>opt</c>: the original PASSporT in full form (RFC 8946 §6).</summary>
    public const string Opt = "opt";

    /// <summary><c>tn</c>: a telephone-number member of <c>orig</c>, <c>dest</c> or <c>div</c> (RFC 8225 §5.2.1).</summary>
    public const string Tn = "tn";

    /// <summary><c>uri</c>: a URI member of <c>orig</c>, <c>dest</c> or <c>div</c> (RFC 8225 §5.2.1).</summary>
    public const string Uri = "uri";

    /// <summary><c>hi</c>: the History-Info index a <c>div</c> corresponds to (RFC 8946 §8).</summary>
    public const string HistoryInfoIndex = "hi";
}
