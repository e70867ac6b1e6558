
namespace StirShaken.Identity.Sip;

/// <summary>How a header parameter value was written.</summary>
internal enum ParameterValueKind
{
    /// <summary>No <c>=</c>: a flag parameter.</summary>
    Flag,
    /// <summary>A run of characters up to ';' or whitespace; the caller validates it.</summary>
    Plain,
    /// <summary>A quoted-string; the value is unescaped and without quotes.</summary>
    Quoted,
    /// <summary><c>&lt;...&gt;</c>; the value is the text inside the brackets.</summary>
    Bracketed,
}

/// <summary>One raw header parameter with the positions needed for error reporting.</summary>
internal readonly record struct RawParameter(string Name, int NameStart, string Value, int ValueStart, ParameterValueKind Kind);

/// <summary>
/// Reads <c>*( SEMI generic-param )</c> with LWS around ';' and '=' (RFC 3261 §7.3.1, §25.1).
/// Values are returned raw so each header can apply its own rules (Identity's info is a URI).
/// </summary>
internal static class SipParameterReader
{
    public static bool TryRead(string text, int pos, List<RawParameter> into, ParseErrorCode code, out ParseError error)
    {
        error = default;
        int len = text.Length;
        while (true)
        {
            pos = SipSyntax.SkipWhitespace(text, pos, len);
            if (pos == len)
            {
                return true;
            }
            if (text[pos] != ';')
            {
                error = new ParseError(code, pos, "expected ';' before a parameter");
                return false;
            }
            pos = SipSyntax.SkipWhitespace(text, pos + 1, len);
            int nameStart = pos;
            while (pos < len && SipSyntax.IsTokenChar(text[pos]))
            {
                pos++;
            }
            if (pos == nameStart)
            {
                error = new ParseError(code, nameStart, "empty or invalid parameter name");
                return false;
            }
            string name = text.Substring(nameStart, pos - nameStart).ToLowerInvariant();
            pos = SipSyntax.SkipWhitespace(text, pos, len);
            if (pos == len || text[pos] != '=')
            {
                into.Add(new RawParameter(name, nameStart, string.Empty, pos, ParameterValueKind.Flag));
                continue;
            }
            pos = SipSyntax.SkipWhitespace(text, pos + 1, len);
            int valueStart = pos;
            if (pos == len || text[pos] == ';')
            {
                error = new ParseError(code, pos, "empty parameter value");
                return false;
            }
            if (text[pos] == '"')
            {
                if (!TryReadQuoted(text, pos, out var unquoted, out pos))
                {
                    error = new ParseError(code, pos, "unterminated or invalid quoted string");
                    return false;
                }
                into.Add(new RawParameter(name, nameStart, unquoted, valueStart, ParameterValueKind.Quoted));
                continue;
            }
            if (text[pos] == '<')
            {
                int close = text.IndexOf('>', pos + 1);
                if (close > 0)
                {
                    into.Add(new RawParameter(name, nameStart, text.Substring(pos + 1, close - pos - 1), valueStart, ParameterValueKind.Bracketed));
                    pos = close + 1;
                    continue;
                }
            }
            while (pos < len && text[pos] != ';' && !SipSyntax.IsWhitespace(text[pos]))
            {
                pos++;
            }
            into.Add(new RawParameter(name, nameStart, text.Substring(valueStart, pos - valueStart), valueStart, ParameterValueKind.Plain));
        }
    }

    /// <summary>
    /// Reads a quoted-string starting at <paramref name="pos"/> (RFC 3261 §25.1: quoted-pair escapes).
    /// On success <paramref name="next"/> is just past the closing quote; on failure it is the bad position.
    /// </summary>
    public static bool TryReadQuoted(string text, int pos, out string value, out int next)
    {
        value = string.Empty;
        int i = pos + 1;
        int runStart = i;
        System.Text.StringBuilder? sb = null;
        while (i < text.Length)
        {
            char c = text[i];
            if (c == '"')
            {
                value = sb is null ? text.Substring(runStart, i - runStart) : sb.Append(text, runStart, i - runStart).ToString();
                next = i + 1;
                return true;
            }
            if (c is '\r' or '\n')
            {
                break;
            }
            if (c == '\\')
            {
                if (i + 1 >= text.Length || text[i + 1] is '\r' or '\n')
                {
                    break;
                }
                sb ??= new System.Text.StringBuilder();
                sb.Append(text, runStart, i - runStart).Append(text[i + 1]);
                i += 2;
                runStart = i;
                continue;
            }
            i++;
        }
        next = i;
        return false;
    }
}
