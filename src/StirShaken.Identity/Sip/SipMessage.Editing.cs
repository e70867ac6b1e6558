namespace StirShaken.Identity.Sip;

public sealed partial class SipMessage
{
    /// <summary>
    /// Builds a request from the fields another SIP stack already parsed (SIPSorcery, a B2BUA, an SBC plug-in), without
    /// rebuilding wire text: the Request-Line <c>METHOD Request-URI SIP/2.0</c> (RFC 3261 §7.1), the header fields in the
    /// given order (each pair is one header line; compact names such as <c>y</c> are understood), and the body.
    /// </summary>
    /// <param name="method">The method token, e.g. <c>INVITE</c>.</param>
    /// <param name="requestUri">The Request-URI as written, e.g. <c>sip:+12155551213@example.com;user=phone</c>.</param>
    /// <param name="headers">Header name/value pairs in message order (one pair per header line; several Identity headers are several pairs).</param>
    /// <param name="body">The body (e.g. SDP), or null for none.</param>
    /// <exception cref="ArgumentNullException">An argument other than <paramref name="body"/> is null.</exception>
    /// <exception cref="ArgumentException">The method or a header name is not a token, the Request-URI is empty or has whitespace, or a value contains CR/LF.</exception>
    public static SipMessage Create(string method, string requestUri, IEnumerable<KeyValuePair<string, string>> headers, string? body = null)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(requestUri);
        ArgumentNullException.ThrowIfNull(headers);
        if (!SipSyntax.IsToken(method))
        {
            throw new ArgumentException("The method must be a token (RFC 3261 §25.1), e.g. INVITE.", nameof(method));
        }

        if (requestUri.Length == 0 || requestUri.AsSpan().IndexOfAny(" \t\r\n") >= 0)
        {
            throw new ArgumentException("The Request-URI must be non-empty and contain no whitespace.", nameof(requestUri));
        }

        var fields = new List<SipHeaderField>();
        foreach (var (name, value) in headers)
        {
            fields.Add(CreateField(name, value));
        }

        return new SipMessage($"{method} {requestUri} SIP/2.0", method, requestUri, null,
            [.. fields], [.. fields.Select(f => f.CanonicalName)], body ?? string.Empty);
    }

    /// <summary>
    /// Returns a copy without any header line of this name (long or compact form, case-insensitive), e.g. the
    /// Identity headers before forwarding to a network that does not use STIR. The same message when there is none.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
    public SipMessage WithHeaderRemoved(string name)
    {
        var canonical = SipHeaderNames.ToCanonical(name);
        var keep = new List<int>(_headers.Length);
        for (int i = 0; i < _headers.Length; i++)
        {
            if (!string.Equals(_canonicalNames[i], canonical, StringComparison.OrdinalIgnoreCase))
            {
                keep.Add(i);
            }
        }

        return keep.Count == _headers.Length
            ? this
            : new SipMessage(StartLine, Method, RequestUri, StatusCode, [.. keep.Select(Field)], [.. keep.Select(i => _canonicalNames[i])], Body);
    }

    /// <summary>
    /// Returns a copy without the STIR headers: every <c>Identity</c> (RFC 8224 §4) and any legacy <c>Identity-Info</c>
    /// (RFC 4474), for forwarding to a network that does not take part in STIR/SHAKEN.
    /// </summary>
    public SipMessage WithIdentityHeadersRemoved() => WithHeaderRemoved(SipHeaderNames.Identity).WithHeaderRemoved(SipHeaderNames.IdentityInfo);

    /// <summary>
    /// Returns a copy whose calling identity carries <c>verstat=<paramref name="verstat"/></c> (3GPP TS 24.229, as
    /// ATIS-1000074 uses it, README "Using it from another SIP stack"): the P-Asserted-Identity when there is one (every
    /// sip/tel URI in it), else the From. A <c>tel:</c> URI takes it as a URI parameter (<c>tel:+1215...;verstat=X</c>);
    /// a <c>sip:</c>/<c>sips:</c> URI whose user part is a telephone number takes it as a user-part parameter
    /// (<c>sip:+1215...;verstat=X@host;user=phone</c>). An existing verstat is replaced; every other byte of the message
    /// is kept. URIs that are not telephone numbers are left alone.
    /// </summary>
    /// <param name="verstat">The value, e.g. <c>TN-Validation-Passed</c>; a token (RFC 3261 §25.1).</param>
    /// <exception cref="ArgumentNullException"><paramref name="verstat"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="verstat"/> is not a token.</exception>
    public SipMessage WithVerstat(string verstat)
    {
        ArgumentNullException.ThrowIfNull(verstat);
        if (!SipSyntax.IsToken(verstat))
        {
            throw new ArgumentException("verstat must be a token, e.g. TN-Validation-Passed.", nameof(verstat));
        }

        var target = IndexOf(SipHeaderNames.PAssertedIdentity) >= 0 ? SipHeaderNames.PAssertedIdentity : SipHeaderNames.From;
        var headers = AllFields();
        var changed = false;
        for (int i = 0; i < headers.Length; i++)
        {
            if (string.Equals(_canonicalNames[i], target, StringComparison.OrdinalIgnoreCase))
            {
                var tagged = VerstatTagger.Tag(headers[i].Value, verstat);
                if (!ReferenceEquals(tagged, headers[i].Value))
                {
                    headers[i] = headers[i] with { Value = tagged };
                    changed = true;
                }
            }
        }

        return changed ? new SipMessage(StartLine, Method, RequestUri, StatusCode, headers, _canonicalNames, Body) : this;
    }
}

/// <summary>
/// Builds a SIP request header by header (for stacks that hold a parsed message): <c>new SipMessageBuilder("INVITE", uri)
/// .AddHeader("From", ...).AddHeader("Identity", ...).Build()</c>. See <see cref="SipMessage.Create"/>.
/// </summary>
public sealed class SipMessageBuilder
{
    private readonly string _method;
    private readonly string _requestUri;
    private readonly List<KeyValuePair<string, string>> _headers = [];
    private string? _body;

    /// <summary>Starts a request.</summary>
    /// <param name="method">The method token, e.g. <c>INVITE</c>.</param>
    /// <param name="requestUri">The Request-URI as written.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public SipMessageBuilder(string method, string requestUri)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(requestUri);
        _method = method;
        _requestUri = requestUri;
    }

    /// <summary>Adds one header line (in order; call again for a repeated header such as Identity or Via).</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public SipMessageBuilder AddHeader(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        _headers.Add(new(name, value));
        return this;
    }

    /// <summary>Sets the body (e.g. SDP).</summary>
    public SipMessageBuilder WithBody(string? body)
    {
        _body = body;
        return this;
    }

    /// <summary>Builds the message (validated like <see cref="SipMessage.Create"/>).</summary>
    /// <exception cref="ArgumentException">The method or a header name is not a token, the Request-URI is empty or has whitespace, or a value contains CR/LF.</exception>
    public SipMessage Build() => SipMessage.Create(_method, _requestUri, _headers, _body);
}
