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

    // RFC 3261 §7.3.3 and the IANA SIP header registry. 'n' (Identity-Info) is deliberately
    // absent: RFC 8224 §12 removed that compact form.
    private static readonly Dictionary<string, string> Canonical = Build();
#if NET9_0_OR_GREATER
    private static readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> CanonicalBySpan = Canonical.GetAlternateLookup<ReadOnlySpan<char>>();
#endif

    /// <summary>
    /// Maps a header name (long or compact, any case) to its canonical long form; unknown names
    /// are returned unchanged.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
    public static string ToCanonical(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Canonical.TryGetValue(name, out var canonical) ? canonical : name;
    }

    /// <summary>As <see cref="ToCanonical(string)"/> for a name in received text: a known name costs no allocation.</summary>
#if NET9_0_OR_GREATER
    internal static string ToCanonical(ReadOnlySpan<char> name) => CanonicalBySpan.TryGetValue(name, out var canonical) ? canonical : name.ToString();
#else
    internal static string ToCanonical(ReadOnlySpan<char> name) => ToCanonical(name.ToString());
#endif

    private static Dictionary<string, string> Build()
    {
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["i"] = CallId, ["m"] = "Contact", ["e"] = "Content-Encoding", ["l"] = ContentLength,
            ["c"] = "Content-Type", ["f"] = From, ["s"] = "Subject", ["k"] = "Supported",
            ["t"] = To, ["v"] = Via, ["y"] = Identity, ["o"] = "Event", ["r"] = "Refer-To",
            ["b"] = "Referred-By", ["u"] = "Allow-Events", ["x"] = "Session-Expires",
            ["j"] = "Reject-Contact", ["a"] = "Accept-Contact", ["d"] = "Request-Disposition",
        };
        string[] longNames =
        [
            "Accept", "Accept-Contact", "Accept-Encoding", "Accept-Language", "Alert-Info", "Allow",
            "Allow-Events", "Authentication-Info", "Authorization", CallId, "Call-Info", "Contact",
            "Content-Disposition", "Content-Encoding", "Content-Language", ContentLength, "Content-Type",
            CSeq, Date, "Diversion", "Error-Info", "Event", "Expires", From, "History-Info", Identity,
            IdentityInfo, "In-Reply-To", "Max-Forwards", "MIME-Version", "Min-Expires", "Min-SE",
            "Organization", "P-Access-Network-Info", PAssertedIdentity, "P-Charging-Vector",
            "P-Preferred-Identity", "Path", "Priority", "Privacy", "Proxy-Authenticate",
            "Proxy-Authorization", "Proxy-Require", "RAck", Reason, "Record-Route", "Refer-To",
            "Referred-By", "Reject-Contact", "Reply-To", "Request-Disposition", "Require", "Retry-After",
            "Route", "RSeq", "Server", "Service-Route", "Session-Expires", "Subject", "Supported",
            "Timestamp", To, "Unsupported", "User-Agent", Via, "Warning", "WWW-Authenticate",
        ];
        foreach (var n in longNames)
        {
            map[n] = n;
        }
        return map;
    }
}
