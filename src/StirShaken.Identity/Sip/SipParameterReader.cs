
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

/// <summary>An unescaped quoted-string and the position just past its closing quote.</summary>
internal readonly record struct QuotedString(string Value, int End);

/// <summary>
/// Reads <c>*( SEMI generic-param )</c> with LWS around ';' and '=' (RFC 3261 §7.3.1, §25.1).
/// Values are returned raw so each header can apply its own rules (Identity's info is a URI).
/// </summary>
internal static class SipParameterReader
{
    /// <summary>Reads the parameters from <paramref name="pos"/> to the end; error positions are offsets into <paramref name="text"/>.</summary>
    public static ParseResult<List<RawParameter>> Read(string text, int pos, ParseErrorCode code)
    {
        var into = new List<RawParameter>(3);
        int len = text.Length;
        while (true)
        {
            pos = SipSyntax.SkipWhitespace(text, pos, len);
            if (pos == len)
            {
                return ParseResult<List<RawParameter>>.Ok(into);
            }
            if (text[pos] != ';')
            {
                return ParseResult<List<RawParameter>>.Fail(code, pos, "expected ';' before a parameter");
            }
            pos = SipSyntax.SkipWhitespace(text, pos + 1, len);
            int nameStart = pos;
            while (pos < len && SipSyntax.IsTokenChar(text[pos]))
            {
                pos++;
            }
            if (pos == nameStart)
            {
                return ParseResult<List<RawParameter>>.Fail(code, nameStart, "empty or invalid parameter name");
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
                return ParseResult<List<RawParameter>>.Fail(code, pos, "empty parameter value");
            }
            if (text[pos] == '"')
            {
                var quoted = ReadQuoted(text, pos);
                if (!quoted.IsSuccess)
                {
                    return ParseResult<List<RawParameter>>.Fail(code, quoted.Error.Position, "unterminated or invalid quoted string");
                }
                pos = quoted.Value.End;
                into.Add(new RawParameter(name, nameStart, quoted.Value.Value, valueStart, ParameterValueKind.Quoted));
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
    /// On success <see cref="QuotedString.End"/> is just past the closing quote; on failure the error position is the bad character.
    /// </summary>
    public static ParseResult<QuotedString> ReadQuoted(string text, int pos)
    {
        int i = pos + 1;
        int runStart = i;
        System.Text.StringBuilder? sb = null;
        while (i < text.Length)
        {
            char c = text[i];
            if (c == '"')
            {
                var value = sb is null ? text.Substring(runStart, i - runStart) : sb.Append(text, runStart, i - runStart).ToString();
                return ParseResult<QuotedString>.Ok(new QuotedString(value, i + 1));
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
        return ParseResult<QuotedString>.Fail(ParseErrorCode.InvalidCharacter, i, "unterminated or invalid quoted string");
    }
}
