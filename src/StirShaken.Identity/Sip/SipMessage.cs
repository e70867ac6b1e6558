using System.Collections.ObjectModel;
using System.Text;

namespace StirShaken.Identity.Sip;

/// <summary>
/// A parsed SIP message (RFC 3261 §7): start line, header fields in wire order, and body.
/// Immutable; <see cref="WithHeaderAdded"/>, <see cref="WithHeaderReplaced"/>, <see cref="WithHeaderRemoved"/> and
/// <see cref="WithVerstat"/> return a new message. Build one from another stack's parsed fields with <see cref="Create"/>
/// or <see cref="SipMessageBuilder"/>.
/// </summary>
public sealed partial class SipMessage
{
    // A parsed message keeps the received text and where each field is; a field becomes a SipHeaderField (and its
    // value a string) only when asked for, so verifying an INVITE does not copy its Via, CSeq or SDP (README "Performance").
    private readonly SipHeaderField?[] _headers;
    private readonly string[] _canonicalNames; // parallel to _headers, computed once at parse time
    private readonly string? _source;
    private readonly HeaderRange[]? _ranges;
    private ReadOnlyCollection<SipHeaderField>? _view;

    internal SipMessage(string startLine, string? method, string? requestUri, int? statusCode,
        SipHeaderField[] headers, string[] canonicalNames, string body)
    {
        StartLine = startLine;
        Method = method;
        RequestUri = requestUri;
        StatusCode = statusCode;
        _headers = headers;
        _canonicalNames = canonicalNames;
        Body = body;
    }

    internal SipMessage(string source, string startLine, string? method, string? requestUri, int? statusCode,
        HeaderRange[] ranges, string[] canonicalNames, string body)
        : this(startLine, method, requestUri, statusCode, new SipHeaderField[ranges.Length], canonicalNames, body)
    {
        _source = source;
        _ranges = ranges;
    }

    /// <summary>Where a field is in the received text; <see cref="Unfolded"/> holds the value of a folded field (RFC 3261 §7.3.1).</summary>
    internal readonly record struct HeaderRange(int NameStart, int NameLength, int ValueStart, int ValueLength, string? Unfolded);

    /// <summary>Whether the start line is a Request-Line.</summary>
    public bool IsRequest => Method is not null;

    /// <summary>The request method (e.g. <c>INVITE</c>), or <see langword="null"/> for a response.</summary>
    public string? Method { get; }

    /// <summary>The Request-URI as written, or <see langword="null"/> for a response.</summary>
    public string? RequestUri { get; }

    /// <summary>The status code of a response (RFC 3261 §7.2), or <see langword="null"/> for a request.</summary>
    public int? StatusCode { get; }

    /// <summary>The start line as written (without CRLF).</summary>
    public string StartLine { get; }

    /// <summary>All header fields in wire order, unfolded.</summary>
    public IReadOnlyList<SipHeaderField> Headers => _view ??= new ReadOnlyCollection<SipHeaderField>(AllFields());

    /// <summary>The body (everything after the empty line).</summary>
    public string Body { get; }

    /// <summary>
    /// The values of every header line with this name (long or compact, case-insensitive), in order.
    /// Values are NOT split on commas: each line is one value (RFC 8224 §4 for Identity).
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
    public IReadOnlyList<string> GetHeaderValues(string name)
    {
        string canonical = SipHeaderNames.ToCanonical(name);
        List<string>? values = null;
        for (int i = 0; i < _headers.Length; i++)
        {
            if (string.Equals(_canonicalNames[i], canonical, StringComparison.OrdinalIgnoreCase))
            {
                (values ??= new List<string>(2)).Add(Field(i).Value);
            }
        }
        return values is null ? [] : values;
    }

    /// <summary>The first value of the named header, or <see langword="null"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
    public string? GetHeader(string name)
    {
        int i = IndexOf(SipHeaderNames.ToCanonical(name));
        return i >= 0 ? Field(i).Value : null;
    }

    /// <summary>
    /// The addresses of an address header such as From, To or P-Asserted-Identity. Comma-separated
    /// values and repeated lines are both returned (a PAI may carry a tel and a sip identity).
    /// Values that do not parse are returned as failed results, never dropped silently.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
    public IReadOnlyList<ParseResult<SipNameAddress>> GetAddresses(string name)
    {
        var result = new List<ParseResult<SipNameAddress>>(2);
        var values = GetHeaderValues(name);
        for (int i = 0; i < values.Count; i++) // by index: no boxed enumerator per call
        {
            foreach (var part in AddressList.Split(values[i]))
            {
                result.Add(SipNameAddress.TryParse(part));
            }
        }
        return result;
    }

    /// <summary>Returns a copy with a header line added after the existing headers (before a trailing Content-Length).</summary>
    /// <exception cref="ArgumentException">The name is not a token or the value contains CR/LF.</exception>
    public SipMessage WithHeaderAdded(string name, string value)
    {
        var field = CreateField(name, value);
        // Keep a trailing Content-Length last, where stacks and humans expect it.
        var at = _headers.Length > 0 && _canonicalNames[^1] == SipHeaderNames.ContentLength ? _headers.Length - 1 : _headers.Length;
        var existing = AllFields();
        var headers = new SipHeaderField[_headers.Length + 1];
        var names = new string[_headers.Length + 1];
        Array.Copy(existing, headers, at);
        Array.Copy(_canonicalNames, names, at);
        headers[at] = field;
        names[at] = field.CanonicalName;
        Array.Copy(existing, at, headers, at + 1, _headers.Length - at);
        Array.Copy(_canonicalNames, at, names, at + 1, _headers.Length - at);
        return new SipMessage(StartLine, Method, RequestUri, StatusCode, headers, names, Body);
    }

    /// <summary>Returns a copy with the first header line of this name replaced (or appended when absent).</summary>
    /// <exception cref="ArgumentException">The name is not a token or the value contains CR/LF.</exception>
    public SipMessage WithHeaderReplaced(string name, string value)
    {
        var field = CreateField(name, value);
        int i = IndexOf(field.CanonicalName);
        if (i < 0)
        {
            return WithHeaderAdded(name, value);
        }
        var headers = AllFields();
        var names = (string[])_canonicalNames.Clone();
        headers[i] = field;
        names[i] = field.CanonicalName;
        return new SipMessage(StartLine, Method, RequestUri, StatusCode, headers, names, Body);
    }

    /// <summary>Serializes the message to wire text (CRLF line endings, Content-Length left as is).</summary>
    public override string ToString()
    {
        int size = StartLine.Length + 4 + Body.Length;
        var fields = AllFields();
        foreach (var h in fields)
        {
            size += h.Name.Length + h.Value.Length + 4;
        }
        var sb = new StringBuilder(size);
        sb.Append(StartLine).Append("\r\n");
        foreach (var h in fields)
        {
            sb.Append(h.Name).Append(": ").Append(h.Value).Append("\r\n");
        }
        return sb.Append("\r\n").Append(Body).ToString();
    }

    /// <summary>Parses a SIP message; returns an error value instead of throwing.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    public static ParseResult<SipMessage> TryParse(string text, SipParserOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        return SipMessageParser.Parse(text, options ?? SipParserOptions.Default);
    }

    /// <summary>Parses a SIP message. Throws <see cref="SipParseException"/> on malformed input.</summary>
    public static SipMessage Parse(string text, SipParserOptions? options = null) => TryParse(text, options).GetValueOrThrow();

    // Field i, materialized from the received text on first use (a benign race: both writers store equal values).
    private SipHeaderField Field(int i)
    {
        if (_headers[i] is { } field)
        {
            return field;
        }

        var range = _ranges![i];
        var canonical = _canonicalNames[i];
        var written = _source.AsSpan(range.NameStart, range.NameLength);
        var name = written.SequenceEqual(canonical) ? canonical : written.ToString();
        return _headers[i] = new SipHeaderField(name, range.Unfolded ?? _source!.Substring(range.ValueStart, range.ValueLength));
    }

    // A new array of every field (callers may change it).
    private SipHeaderField[] AllFields()
    {
        var fields = new SipHeaderField[_headers.Length];
        for (int i = 0; i < fields.Length; i++)
        {
            fields[i] = Field(i);
        }
        return fields;
    }

    private int IndexOf(string canonical)
    {
        for (int i = 0; i < _headers.Length; i++)
        {
            if (string.Equals(_canonicalNames[i], canonical, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }
        return -1;
    }

    private static SipHeaderField CreateField(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        if (!SipSyntax.IsToken(name))
        {
            throw new ArgumentException("A header name must be a non-empty token (RFC 3261 §25.1).", nameof(name));
        }
        // A CR or LF would let the value inject extra header lines on serialization.
        if (value.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            throw new ArgumentException("A header value must not contain CR or LF.", nameof(value));
        }
        return new SipHeaderField(name, value.Trim(' ', '\t'));
    }
}
