namespace StirShaken.Identity.Sip;

/// <summary>Header names used by STIR and their RFC 3261 / IANA compact forms.</summary>
public static class SipHeaderNames
{
    /// <summary><c>Identity</c> (RFC 8224), compact <c>y</c>.</summary>
    public const string Identity = "Identity";
    /// <summary><c>Identity-Info</c> (RFC 4474, deprecated by RFC 8224).</summary>
    public const string IdentityInfo = "Identity-Info";
    /// <summary><c>From</c>, compact <c>f</c>.</summary>
    public const string From = "From";
    /// <summary><c>To</c>, compact <c>t</c>.</summary>
    public const string To = "To";
    /// <summary><c>Call-ID</c>, compact <c>i</c>.</summary>
    public const string CallId = "Call-ID";
    /// <summary><c>CSeq</c>.</summary>
    public const string CSeq = "CSeq";
    /// <summary><c>Via</c>, compact <c>v</c>.</summary>
    public const string Via = "Via";
    /// <summary><c>Date</c>.</summary>
    public const string Date = "Date";
    /// <summary><c>P-Asserted-Identity</c> (RFC 3325).</summary>
    public const string PAssertedIdentity = "P-Asserted-Identity";
    /// <summary><c>Content-Length</c>, compact <c>l</c>.</summary>
    public const string ContentLength = "Content-Length";
    /// <summary><c>Reason</c> (RFC 3326).</summary>
    public const string Reason = "Reason";

    /// <summary>
    /// Maps a header name (long or compact, any case) to its canonical long form; unknown names
    /// are returned unchanged.
    /// </summary>
    public static string ToCanonical(string name) => throw new NotImplementedException();
}
