namespace StirShaken.Identity.Sip;

/// <summary>Character classes from the RFC 3261 §25.1 grammar, shared by the parsers.</summary>
internal static class SipSyntax
{
    // token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~")
    public static bool IsTokenChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '!' or '%' or '*' or '_' or '+' or '`' or '\'' or '~';

    // gen-value = token / host / quoted-string; host adds ':' and brackets (IPv6reference).
    public static bool IsTokenOrHostChar(char c) => IsTokenChar(c) || c is ':' or '[' or ']';

    public static bool IsWhitespace(char c) => c is ' ' or '\t';

    public static int SkipWhitespace(string text, int pos, int end)
    {
        while (pos < end && IsWhitespace(text[pos]))
        {
            pos++;
        }
        return pos;
    }

    public static int TrimEnd(string text, int start, int end)
    {
        while (end > start && IsWhitespace(text[end - 1]))
        {
            end--;
        }
        return end;
    }

    public static bool IsToken(ReadOnlySpan<char> s)
    {
        if (s.IsEmpty)
        {
            return false;
        }
        foreach (var c in s)
        {
            if (!IsTokenChar(c))
            {
                return false;
            }
        }
        return true;
    }

    public static bool IsTokenOrHost(ReadOnlySpan<char> s)
    {
        if (s.IsEmpty)
        {
            return false;
        }
        foreach (var c in s)
        {
            if (!IsTokenOrHostChar(c))
            {
                return false;
            }
        }
        return true;
    }

    // RFC 3986 §3.1: scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ); returns the index of ':' or -1.
    public static int SchemeEnd(ReadOnlySpan<char> s)
    {
        if (s.IsEmpty || !char.IsAsciiLetter(s[0]))
        {
            return -1;
        }
        for (int i = 1; i < s.Length; i++)
        {
            char c = s[i];
            if (c == ':')
            {
                return i;
            }
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('+' or '-' or '.'))
            {
                return -1;
            }
        }
        return -1;
    }
}
