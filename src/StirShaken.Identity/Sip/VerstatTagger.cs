using System.Text;

namespace StirShaken.Identity.Sip;

/// <summary>
/// Puts <c>verstat</c> on the telephone-number URIs of one address header value (3GPP TS 24.229 verstat, ATIS-1000074),
/// changing nothing else: display names, header parameters and other addresses keep their bytes.
/// </summary>
internal static class VerstatTagger
{
    private const string Name = "verstat";

    /// <summary>The tagged value, or the same string instance when no URI in it is a telephone number.</summary>
    public static string Tag(string value, string verstat)
    {
        StringBuilder? result = null;
        int copied = 0;
        foreach (var (start, end) in AddressList.Ranges(value))
        {
            var tagged = TagAddress(value, start, end, verstat);
            if (tagged is null)
            {
                continue;
            }

            result ??= new StringBuilder(value.Length + 40);
            result.Append(value, copied, start - copied).Append(tagged);
            copied = end;
        }

        return result is null ? value : result.Append(value, copied, value.Length - copied).ToString();
    }

    private static string? TagAddress(string value, int start, int end, string verstat)
    {
        // name-addr: the URI is inside the first '<' outside the quoted display name.
        int open = -1;
        bool quoted = false;
        for (int i = start; i < end; i++)
        {
            char c = value[i];
            if (quoted)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == '<')
            {
                open = i;
                break;
            }
        }

        if (open >= 0)
        {
            int close = value.IndexOf('>', open + 1, end - open - 1);
            if (close < 0)
            {
                return null;
            }

            var uri = TagUri(value.Substring(open + 1, close - open - 1), verstat);
            return uri is null ? null : string.Concat(value.AsSpan(start, open + 1 - start), uri, value.AsSpan(close, end - close));
        }

        // addr-spec: RFC 3261 §20 makes everything after the first ';' a header parameter, so a URI parameter needs
        // the name-addr form: the tagged URI is wrapped in <...>, the header parameters stay after it.
        int lead = start;
        while (lead < end && value[lead] is ' ' or '\t')
        {
            lead++;
        }

        int trail = end;
        while (trail > lead && value[trail - 1] is ' ' or '\t')
        {
            trail--;
        }

        var spec = value[lead..trail];
        bool tel = spec.StartsWith("tel:", StringComparison.OrdinalIgnoreCase);
        int uriEnd = tel ? IndexOrEnd(spec, ';', 0) : IndexOrEnd(spec, ';', Math.Max(0, spec.IndexOf('@', StringComparison.Ordinal)));
        var tagged = TagUri(spec[..uriEnd], verstat, userPhone: !tel && spec.Contains(";user=phone", StringComparison.OrdinalIgnoreCase));
        return tagged is null
            ? null
            : value[start..lead] + "<" + tagged + ">" + spec[uriEnd..] + value[trail..end];
    }

    private static string? TagUri(string uri, string verstat, bool userPhone = false)
    {
        int colon = uri.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return null;
        }

        var scheme = uri[..colon];
        if (scheme.Equals("tel", StringComparison.OrdinalIgnoreCase))
        {
            // tel:number;params — verstat is a URI parameter (RFC 3966 §3 par).
            return SetParameter(uri, colon + 1, uri.Length, verstat);
        }

        if (!scheme.Equals("sip", StringComparison.OrdinalIgnoreCase) && !scheme.Equals("sips", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        int at = uri.IndexOf('@', colon + 1);
        if (at < 0)
        {
            return null;
        }

        // The user part (up to a ':' password) is a telephone-subscriber when user=phone, or when it looks like one.
        int userEnd = IndexOrEnd(uri, ':', colon + 1, at);
        int numberEnd = IndexOrEnd(uri, ';', colon + 1, userEnd);
        var number = uri.AsSpan(colon + 1, numberEnd - colon - 1);
        bool phone = userPhone || uri.AsSpan(at).ToString().Contains(";user=phone", StringComparison.OrdinalIgnoreCase);
        if (!phone && !LooksLikeNumber(number))
        {
            return null;
        }

        return SetParameter(uri, colon + 1, userEnd, verstat);
    }

    // Replaces the value of an existing verstat parameter in [from, to), or appends ";verstat=X" at 'to'.
    private static string SetParameter(string text, int from, int to, string verstat)
    {
        int i = text.IndexOf(';', from, to - from);
        while (i >= 0 && i < to)
        {
            int next = IndexOrEnd(text, ';', i + 1, to);
            int eq = IndexOrEnd(text, '=', i + 1, next);
            if (text.AsSpan(i + 1, eq - i - 1).Trim().Equals(Name, StringComparison.OrdinalIgnoreCase))
            {
                return text[..i] + ";" + Name + "=" + verstat + text[next..];
            }

            i = next < to ? next : -1;
        }

        return text[..to] + ";" + Name + "=" + verstat + text[to..];
    }

    private static bool LooksLikeNumber(ReadOnlySpan<char> user)
    {
        int digits = 0;
        foreach (char c in user)
        {
            if (char.IsAsciiDigit(c))
            {
                digits++;
            }
            else if (c is not ('+' or '-' or '.' or '(' or ')'))
            {
                return false;
            }
        }

        return digits > 0;
    }

    private static int IndexOrEnd(string text, char c, int from, int to = -1)
    {
        to = to < 0 ? text.Length : to;
        int i = from >= to ? -1 : text.IndexOf(c, from, to - from);
        return i < 0 ? to : i;
    }
}
