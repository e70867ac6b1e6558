using StirShaken.Identity.Parsing;

namespace StirShaken.Identity.Sip;

/// <summary>
/// A parsed SIP message (RFC 3261 §7): start line, header fields in wire order, and body.
/// Immutable; <see cref="WithHeaderAdded"/> returns a new message.
/// </summary>
public sealed class SipMessage
{
    /// <summary>Whether the start line is a Request-Line.</summary>
    public bool IsRequest => throw new NotImplementedException();

    /// <summary>The request method (e.g. <c>INVITE</c>), or <see langword="null"/> for a response.</summary>
    public string? Method => throw new NotImplementedException();

    /// <summary>The Request-URI as written, or <see langword="null"/> for a response.</summary>
    public string? RequestUri => throw new NotImplementedException();

    /// <summary>The start line as written (without CRLF).</summary>
    public string StartLine => throw new NotImplementedException();

    /// <summary>All header fields in wire order, unfolded.</summary>
    public IReadOnlyList<SipHeaderField> Headers => throw new NotImplementedException();

    /// <summary>The body (everything after the empty line).</summary>
    public string Body => throw new NotImplementedException();

    /// <summary>
    /// The values of every header line with this name (long or compact, case-insensitive), in order.
    /// Values are NOT split on commas: each line is one value (RFC 8224 §4 for Identity).
    /// </summary>
    public IReadOnlyList<string> GetHeaderValues(string name) => throw new NotImplementedException();

    /// <summary>The first value of the named header, or <see langword="null"/>.</summary>
    public string? GetHeader(string name) => throw new NotImplementedException();

    /// <summary>
    /// The addresses of an address header such as From, To or P-Asserted-Identity. Comma-separated
    /// values and repeated lines are both returned (a PAI may carry a tel and a sip identity).
    /// Values that do not parse are returned as failed results, never dropped silently.
    /// </summary>
    public IReadOnlyList<ParseResult<SipNameAddress>> GetAddresses(string name) => throw new NotImplementedException();

    /// <summary>Returns a copy with a header line appended after the existing headers.</summary>
    public SipMessage WithHeaderAdded(string name, string value) => throw new NotImplementedException();

    /// <summary>Returns a copy with the first header line of this name replaced (or appended when absent).</summary>
    public SipMessage WithHeaderReplaced(string name, string value) => throw new NotImplementedException();

    /// <summary>Serializes the message to wire text (CRLF line endings, Content-Length left as is).</summary>
    public override string ToString() => throw new NotImplementedException();

    /// <summary>Parses a SIP message; returns an error value instead of throwing.</summary>
    public static ParseResult<SipMessage> TryParse(string text, SipParserOptions? options = null) => throw new NotImplementedException();

    /// <summary>Parses a SIP message. Throws <see cref="SipParseException"/> on malformed input.</summary>
    public static SipMessage Parse(string text, SipParserOptions? options = null) => TryParse(text, options).GetValueOrThrow();
}
