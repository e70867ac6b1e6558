
namespace StirShaken.Identity.Sip;

/// <summary>A <c>sip:</c>, <c>sips:</c> or <c>tel:</c> URI (RFC 3261 §19.1, RFC 3966).</summary>
/// <remarks>
/// Other absolute URIs (e.g. <c>urn:</c>) parse too, with only <see cref="Raw"/> and
/// <see cref="Scheme"/> filled in, so an unusual From does not make the whole message unusable.
/// A <c>?headers</c> part is ignored (it stays in <see cref="Raw"/>).
/// </remarks>
public sealed class SipUri
{
    private static readonly KeyValuePair<string, string?>[] NoParameters = [];

    private SipUri(string raw, string scheme, string? user, KeyValuePair<string, string?>[] userParameters,
        string host, int? port, KeyValuePair<string, string?>[] parameters)
    {
        Raw = raw;
        Scheme = scheme;
        User = user;
        UserParameters = userParameters;
        Host = host;
        Port = port;
        Parameters = parameters;
    }

    /// <summary>The URI exactly as written.</summary>
    public string Raw { get; }

    /// <summary>Lower-case scheme: <c>sip</c>, <c>sips</c>, <c>tel</c> (others are kept as written).</summary>
    public string Scheme { get; }

    /// <summary>
    /// For SIP: the user part without user parameters or password, percent-decoded; for tel: the
    /// telephone-subscriber number. Null when there is no user part.
    /// </summary>
    public string? User { get; }

    /// <summary>For SIP: parameters inside the user part (e.g. <c>;verstat=...</c>), else empty.</summary>
    public IReadOnlyList<KeyValuePair<string, string?>> UserParameters { get; }

    /// <summary>Host (SIP) or empty (tel). An IPv6 reference keeps its brackets (RFC 3261 §25.1 <c>host</c>).</summary>
    public string Host { get; }

    /// <summary>Port if present.</summary>
    public int? Port { get; }

    /// <summary>URI parameters (<c>;user=phone</c>, tel <c>;phone-context=</c>...), names lower-cased.</summary>
    public IReadOnlyList<KeyValuePair<string, string?>> Parameters { get; }

    /// <summary>Whether the scheme is <c>sip</c> or <c>sips</c>.</summary>
    public bool IsSip => Scheme is "sip" or "sips";

    /// <summary>Returns a parameter value (case-insensitive name), or null; a flag parameter returns "".</summary>
    public string? GetParameter(string name) => Find(Parameters, name);

    /// <summary>Returns a user-part parameter value (case-insensitive name), or null; a flag returns "".</summary>
    public string? GetUserParameter(string name) => Find(UserParameters, name);

    /// <summary>
    /// Whether the URI identifies a telephone number: a tel URI, or a SIP URI with <c>user=phone</c>,
    /// or (when <paramref name="lenient"/>) a SIP URI whose user part looks like a number (optional '+',
    /// digits and visual separators) — RFC 8224 §8.1 allows this local policy.
    /// </summary>
    public bool IsTelephoneNumber(bool lenient = true)
    {
        if (string.IsNullOrEmpty(User))
        {
            return false;
        }
        if (Scheme == "tel")
        {
            return true;
        }
        if (!IsSip)
        {
            return false;
        }
        if (string.Equals(GetParameter("user"), "phone", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        return lenient && LooksLikeNumber(User);
    }

    /// <inheritdoc />
    public override string ToString() => Raw;

    /// <summary>Parses a URI without throwing. Positions in errors are offsets into <paramref name="text"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    public static ParseResult<SipUri> TryParse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        for (int i = 0; i < text.Length; i++)
        {
            // URIs never contain raw whitespace or controls (RFC 3986 §2); this also stops header injection.
            if (text[i] <= ' ' || text[i] is '<' or '>' or '"' || text[i] == '\x7f')
            {
                return Fail(i, "character not allowed in a URI");
            }
        }
        int colon = SipSyntax.SchemeEnd(text);
        if (colon < 0)
        {
            return Fail(0, "missing or invalid scheme");
        }
        string scheme = text[..colon];
        if (scheme.Equals("sip", StringComparison.OrdinalIgnoreCase) || scheme.Equals("sips", StringComparison.OrdinalIgnoreCase))
        {
            return ParseSip(text, scheme.ToLowerInvariant(), colon + 1);
        }
        if (scheme.Equals("tel", StringComparison.OrdinalIgnoreCase))
        {
            return ParseTel(text, colon + 1);
        }
        if (colon + 1 == text.Length)
        {
            return Fail(colon + 1, "empty URI after the scheme");
        }
        return ParseResult<SipUri>.Ok(new SipUri(text, scheme, null, NoParameters, string.Empty, null, NoParameters));
    }

    // RFC 3261 §19.1.1: sip:user;uparams:password@host:port;uri-parameters?headers
    private static ParseResult<SipUri> ParseSip(string text, string scheme, int start)
    {
        int end = text.IndexOf('?', start);
        if (end < 0)
        {
            end = text.Length;
        }
        string? user = null;
        var userParameters = NoParameters;
        int at = text.IndexOf('@', start, end - start);
        int hostStart = start;
        if (at >= 0)
        {
            int userEnd = text.IndexOf(';', start, at - start);
            int paramsStart = userEnd;
            if (userEnd < 0)
            {
                userEnd = at;
            }
            int pw = text.IndexOf(':', start, userEnd - start);
            int nameEnd = pw >= 0 ? pw : userEnd;
            if (nameEnd == start)
            {
                return Fail(start, "empty user part");
            }
            user = Unescape(text, start, nameEnd);
            if (user is null)
            {
                return Fail(start, "invalid percent-escape in the user part");
            }
            if (paramsStart >= 0)
            {
                var read = ParseParameters(text, paramsStart, at);
                if (!read.IsSuccess)
                {
                    return Fail(read.Error.Position, "invalid user parameter");
                }
                userParameters = read.Value;
            }
            hostStart = at + 1;
        }
        int hostEnd = hostStart;
        if (hostEnd < end && text[hostEnd] == '[')
        {
            // RFC 3261 §25.1 IPv6reference = "[" IPv6address "]"
            int close = text.IndexOf(']', hostEnd, end - hostEnd);
            if (close < 0)
            {
                return Fail(hostEnd, "unterminated IPv6 reference");
            }
            for (int i = hostEnd + 1; i < close; i++)
            {
                if (!char.IsAsciiHexDigit(text[i]) && text[i] is not (':' or '.'))
                {
                    return Fail(i, "invalid character in IPv6 reference");
                }
            }
            hostEnd = close + 1;
            if (hostEnd - hostStart <= 2)
            {
                return Fail(hostStart, "empty IPv6 reference");
            }
        }
        else
        {
            // '_' is not in the grammar but appears in real hostnames; accept it.
            while (hostEnd < end && (char.IsAsciiLetterOrDigit(text[hostEnd]) || text[hostEnd] is '-' or '.' or '_'))
            {
                hostEnd++;
            }
            if (hostEnd == hostStart)
            {
                return Fail(hostStart, "empty or invalid host");
            }
        }
        int pos = hostEnd;
        int? port = null;
        if (pos < end && text[pos] == ':')
        {
            int portStart = ++pos;
            int value = 0;
            while (pos < end && char.IsAsciiDigit(text[pos]) && pos - portStart < 5)
            {
                value = value * 10 + (text[pos] - '0');
                pos++;
            }
            if (pos == portStart || value > 65535 || (pos < end && char.IsAsciiDigit(text[pos])))
            {
                return Fail(portStart, "invalid port");
            }
            port = value;
        }
        var parameters = NoParameters;
        if (pos < end)
        {
            if (text[pos] != ';')
            {
                return Fail(pos, "unexpected character after host");
            }
            var read = ParseParameters(text, pos, end);
            if (!read.IsSuccess)
            {
                return Fail(read.Error.Position, "invalid URI parameter");
            }
            parameters = read.Value;
        }
        return ParseResult<SipUri>.Ok(new SipUri(text, scheme, user, userParameters,
            text.Substring(hostStart, hostEnd - hostStart), port, parameters));
    }

    // RFC 3966 §3: tel:telephone-subscriber, global (+digits) or local (with ;phone-context=).
    private static ParseResult<SipUri> ParseTel(string text, int start)
    {
        int end = text.IndexOf(';', start);
        if (end < 0)
        {
            end = text.Length;
        }
        bool global = start < end && text[start] == '+';
        bool anyDigit = false;
        for (int i = global ? start + 1 : start; i < end; i++)
        {
            char c = text[i];
            if (char.IsAsciiDigit(c))
            {
                anyDigit = true;
            }
            else if (c is '-' or '.' or '(' or ')')
            {
                // RFC 3966 visual-separator
            }
            else if (!global && (char.IsAsciiHexDigit(c) || c is '*' or '#'))
            {
                anyDigit = true; // local-number-digits allow HEXDIG, '*' and '#'
            }
            else
            {
                return Fail(i, "invalid character in telephone number");
            }
        }
        if (!anyDigit)
        {
            return Fail(start, "telephone number has no digits");
        }
        var parameters = NoParameters;
        if (end < text.Length)
        {
            var read = ParseParameters(text, end, text.Length);
            if (!read.IsSuccess)
            {
                return Fail(read.Error.Position, "invalid tel parameter");
            }
            parameters = read.Value;
        }
        // A local number without phone-context violates RFC 3966 §5.1.5 but is common; it is accepted.
        return ParseResult<SipUri>.Ok(new SipUri(text, "tel", text.Substring(start, end - start), NoParameters,
            string.Empty, null, parameters));
    }

    // Parses ";name[=value]" pairs in text[pos..end) where text[pos] == ';'.
    private static ParseResult<KeyValuePair<string, string?>[]> ParseParameters(string text, int pos, int end)
    {
        var list = new List<KeyValuePair<string, string?>>(2);
        while (pos < end)
        {
            int nameStart = pos + 1;
            int next = text.IndexOf(';', nameStart, end - nameStart);
            if (next < 0)
            {
                next = end;
            }
            int eq = text.IndexOf('=', nameStart, next - nameStart);
            int nameEnd = eq >= 0 ? eq : next;
            if (nameEnd == nameStart || (eq >= 0 && eq + 1 == next))
            {
                return ParseResult<KeyValuePair<string, string?>[]>.Fail(ParseErrorCode.InvalidUri, nameStart, "invalid URI parameter");
            }
            string name = text.Substring(nameStart, nameEnd - nameStart).ToLowerInvariant();
            string? value = eq >= 0 ? text.Substring(eq + 1, next - eq - 1) : null;
            list.Add(new KeyValuePair<string, string?>(name, value));
            pos = next;
        }
        return ParseResult<KeyValuePair<string, string?>[]>.Ok(list.ToArray());
    }

    private static string? Unescape(string text, int start, int end)
    {
        int pct = text.IndexOf('%', start, end - start);
        if (pct < 0)
        {
            return text.Substring(start, end - start);
        }
        var sb = new System.Text.StringBuilder(end - start);
        for (int i = start; i < end; i++)
        {
            if (text[i] != '%')
            {
                sb.Append(text[i]);
                continue;
            }
            if (i + 2 >= end || !char.IsAsciiHexDigit(text[i + 1]) || !char.IsAsciiHexDigit(text[i + 2]))
            {
                return null;
            }
            sb.Append((char)Convert.ToInt32(text.Substring(i + 1, 2), 16));
            i += 2;
        }
        return sb.ToString();
    }

    private static bool LooksLikeNumber(string user)
    {
        int i = user.Length > 0 && user[0] == '+' ? 1 : 0;
        bool digit = false;
        for (; i < user.Length; i++)
        {
            char c = user[i];
            if (char.IsAsciiDigit(c))
            {
                digit = true;
            }
            else if (c is not ('-' or '.' or '(' or ')' or '*' or '#'))
            {
                return false;
            }
        }
        return digit;
    }

    private static string? Find(IReadOnlyList<KeyValuePair<string, string?>> list, string name)
    {
        for (int i = 0; i < list.Count; i++) // by index: no boxed enumerator per call
        {
            if (list[i].Key.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return list[i].Value ?? string.Empty;
            }
        }
        return null;
    }

    private static ParseResult<SipUri> Fail(int position, string message) =>
        ParseResult<SipUri>.Fail(ParseErrorCode.InvalidUri, position, message);
}
