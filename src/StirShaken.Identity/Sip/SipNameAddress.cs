
namespace StirShaken.Identity.Sip;

/// <summary>A name-addr or addr-spec with header parameters (From, To, P-Asserted-Identity...).</summary>
public sealed class SipNameAddress
{
    private SipNameAddress(string? displayName, SipUri uri, KeyValuePair<string, string?>[] parameters)
    {
        DisplayName = displayName;
        Uri = uri;
        Parameters = parameters;
    }

    /// <summary>Display name without quotes (escapes removed), or null.</summary>
    public string? DisplayName { get; }

    /// <summary>The URI.</summary>
    public SipUri Uri { get; }

    /// <summary>
    /// Header parameters after the address (e.g. <c>tag</c>), names lower-cased, quoted values
    /// unquoted, flag parameters with a null value.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string?>> Parameters { get; }

    /// <summary>The <c>tag</c> parameter, or null.</summary>
    public string? Tag
    {
        get
        {
            foreach (var p in Parameters)
            {
                if (p.Key == "tag")
                {
                    return p.Value;
                }
            }
            return null;
        }
    }

    /// <summary>
    /// Parses one name-addr / addr-spec (no commas). In the bare addr-spec form, RFC 3261 §20
    /// makes everything after the URI's first ';' a header parameter (so <c>user=phone</c> lands in
    /// <see cref="Parameters"/>); a ';' before the '@' is taken as part of the user part.
    /// Error positions are offsets into <paramref name="text"/>.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    public static ParseResult<SipNameAddress> TryParse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int len = text.Length;
        int pos = SipSyntax.SkipWhitespace(text, 0, len);
        if (pos == len)
        {
            return Fail(pos, "empty address");
        }
        string? displayName = null;
        int uriStart, uriEnd, paramsStart;
        if (text[pos] == '"' || text.IndexOf('<', pos) >= 0)
        {
            // RFC 3261 §25.1 name-addr = [ display-name ] LAQUOT addr-spec RAQUOT
            if (text[pos] == '"')
            {
                var quoted = SipParameterReader.ReadQuoted(text, pos);
                if (!quoted.IsSuccess)
                {
                    return Fail(quoted.Error.Position, "unterminated quoted display name");
                }
                displayName = quoted.Value.Value;
                pos = SipSyntax.SkipWhitespace(text, quoted.Value.End, len);
                if (pos == len || text[pos] != '<')
                {
                    return Fail(pos, "expected '<' after the display name");
                }
            }
            else
            {
                int lt = text.IndexOf('<', pos);
                int nameEnd = SipSyntax.TrimEnd(text, pos, lt);
                for (int i = pos; i < nameEnd; i++)
                {
                    // Unquoted UTF-8 names are not in the grammar but are common; accept non-ASCII.
                    if (!SipSyntax.IsTokenChar(text[i]) && !SipSyntax.IsWhitespace(text[i]) && text[i] < 0x80)
                    {
                        return Fail(i, "invalid character in display name");
                    }
                }
                displayName = nameEnd > pos ? text[pos..nameEnd] : null;
                pos = lt;
            }
            uriStart = pos + 1;
            uriEnd = text.IndexOf('>', uriStart);
            if (uriEnd < 0)
            {
                return Fail(pos, "missing '>'");
            }
            paramsStart = uriEnd + 1;
        }
        else
        {
            uriStart = pos;
            int at = text.IndexOf('@', pos);
            int semi = text.IndexOf(';', at >= 0 ? at : pos);
            uriEnd = semi >= 0 ? semi : len;
            uriEnd = SipSyntax.TrimEnd(text, uriStart, uriEnd);
            paramsStart = uriEnd;
        }
        var uri = SipUri.TryParse(text.Substring(uriStart, uriEnd - uriStart));
        if (!uri.IsSuccess)
        {
            return uri.FailAs<SipNameAddress>(uriStart);
        }
        var read = SipParameterReader.Read(text, paramsStart, ParseErrorCode.InvalidAddress);
        if (!read.IsSuccess)
        {
            return read.FailAs<SipNameAddress>();
        }
        var raw = read.Value;
        var parameters = new KeyValuePair<string, string?>[raw.Count];
        for (int i = 0; i < raw.Count; i++)
        {
            var p = raw[i];
            // RFC 3261 §25.1 gen-value = token / host / quoted-string
            if (p.Kind == ParameterValueKind.Bracketed || (p.Kind == ParameterValueKind.Plain && !SipSyntax.IsTokenOrHost(p.Value)))
            {
                return Fail(p.ValueStart, "invalid parameter value");
            }
            parameters[i] = new(p.Name, p.Kind == ParameterValueKind.Flag ? null : p.Value);
        }
        return ParseResult<SipNameAddress>.Ok(new SipNameAddress(displayName, uri.Value, parameters));
    }

    private static ParseResult<SipNameAddress> Fail(int position, string message) =>
        ParseResult<SipNameAddress>.Fail(ParseErrorCode.InvalidAddress, position, message);
}
