using System.Text;

namespace StirShaken.Identity.Sip;

/// <summary>
/// Single-pass SIP message parser (RFC 3261 §7). Accepts CRLF or bare LF line endings and an
/// absent empty line at the end of the headers, and never throws.
/// </summary>
internal static class SipMessageParser
{
    public static ParseResult<SipMessage> Parse(string text, SipParserOptions options)
    {
        if (text.Length > options.MaxMessageLength)
        {
            return Fail(ParseErrorCode.MessageTooLarge, options.MaxMessageLength, "message exceeds MaxMessageLength");
        }
        int len = text.Length;
        int pos = 0;
        // RFC 3261 §7.5: CRLFs before the start line are ignored.
        while (pos < len && text[pos] is '\r' or '\n')
        {
            pos++;
        }
        if (pos == len)
        {
            return Fail(ParseErrorCode.Empty, 0, "empty message");
        }
        int lineEnd = LineEnd(text, pos, out int next);
        var parsedStart = ParseStartLine(text, pos, lineEnd);
        if (!parsedStart.IsSuccess)
        {
            return parsedStart.FailAs<SipMessage>();
        }
        var start = parsedStart.Value;
        pos = next;

        // Pooled while parsing, copied once at the exact size (README "Performance").
        var headers = new PooledList<SipMessage.HeaderRange>(24);
        var names = new PooledList<string>(24);
        try
        {
            StringBuilder? folded = null;
            string body = string.Empty;
            while (pos < len)
            {
                lineEnd = LineEnd(text, pos, out next);
                if (lineEnd == pos)
                {
                    body = text[next..]; // RFC 3261 §7.4: the body follows the empty line
                    break;
                }
                int headerStart = pos;
                if (SipSyntax.IsWhitespace(text[pos]))
                {
                    return Fail(ParseErrorCode.InvalidHeaderLine, pos, "continuation line without a preceding header");
                }
                if (headers.Count >= options.MaxHeaderCount)
                {
                    return Fail(ParseErrorCode.TooManyHeaders, pos, "more header fields than MaxHeaderCount");
                }
                if (lineEnd - pos > options.MaxHeaderLength)
                {
                    return Fail(ParseErrorCode.HeaderTooLong, pos, "header field exceeds MaxHeaderLength");
                }
                // RFC 3261 §7.3.1: field-name HCOLON field-value, HCOLON = *( SP / HTAB ) ":" SWS
                int i = pos;
                while (i < lineEnd && SipSyntax.IsTokenChar(text[i]))
                {
                    i++;
                }
                if (i == pos)
                {
                    return Fail(ParseErrorCode.InvalidHeaderLine, pos, "invalid header name");
                }
                int nameEnd = i;
                i = SipSyntax.SkipWhitespace(text, i, lineEnd);
                if (i == lineEnd || text[i] != ':')
                {
                    return Fail(ParseErrorCode.InvalidHeaderLine, i, "expected ':' after the header name");
                }
                int bareCr = text.AsSpan(i, lineEnd - i).IndexOf('\r');
                if (bareCr >= 0)
                {
                    return Fail(ParseErrorCode.InvalidCharacter, i + bareCr, "bare CR in a header line");
                }
                int valueStart = SipSyntax.SkipWhitespace(text, i + 1, lineEnd);
                int valueEnd = SipSyntax.TrimEnd(text, valueStart, lineEnd);
                int nameLength = nameEnd - pos;
                pos = next;

                string? unfolded = null;
                if (pos < len && SipSyntax.IsWhitespace(text[pos]))
                {
                    // RFC 3261 §7.3.1: a line starting with SP/HT continues the previous one; the
                    // line break and surrounding whitespace become a single SP.
                    folded ??= new StringBuilder();
                    folded.Clear().Append(text, valueStart, valueEnd - valueStart);
                    while (pos < len && SipSyntax.IsWhitespace(text[pos]))
                    {
                        int end = LineEnd(text, pos, out next);
                        bareCr = text.AsSpan(pos, end - pos).IndexOf('\r');
                        if (bareCr >= 0)
                        {
                            return Fail(ParseErrorCode.InvalidCharacter, pos + bareCr, "bare CR in a header line");
                        }
                        int cs = SipSyntax.SkipWhitespace(text, pos, end);
                        int ce = SipSyntax.TrimEnd(text, cs, end);
                        if (ce > cs)
                        {
                            if (folded.Length > 0)
                            {
                                folded.Append(' ');
                            }
                            folded.Append(text, cs, ce - cs);
                        }
                        if (nameLength + folded.Length > options.MaxHeaderLength)
                        {
                            return Fail(ParseErrorCode.HeaderTooLong, headerStart, "header field exceeds MaxHeaderLength");
                        }
                        pos = next;
                    }
                    unfolded = folded.ToString();
                }
                if (nameLength + (unfolded?.Length ?? valueEnd - valueStart) > options.MaxHeaderLength)
                {
                    return Fail(ParseErrorCode.HeaderTooLong, headerStart, "header field exceeds MaxHeaderLength");
                }
                headers.Add(new SipMessage.HeaderRange(headerStart, nameLength, valueStart, valueEnd - valueStart, unfolded));
                names.Add(SipHeaderNames.ToCanonical(text.AsSpan(headerStart, nameLength)));
            }
            return ParseResult<SipMessage>.Ok(new SipMessage(text, text.Substring(start.LineStart, start.LineEnd - start.LineStart),
                start.Method, start.RequestUri, start.StatusCode, headers.ToArray(), names.ToArray(), body));
        }
        finally
        {
            headers.Dispose();
            names.Dispose();
        }
    }

    // Returns the end of the line content (before CR LF or LF) and the start of the next line.
    private static int LineEnd(string text, int pos, out int next)
    {
        int lf = text.IndexOf('\n', pos);
        if (lf < 0)
        {
            next = text.Length;
            lf = text.Length;
        }
        else
        {
            next = lf + 1;
        }
        return lf > pos && text[lf - 1] == '\r' ? lf - 1 : lf;
    }

    private readonly record struct StartLine(int LineStart, int LineEnd, string? Method, string? RequestUri, int? StatusCode);

    // RFC 3261 §7.1 Request-Line = Method SP Request-URI SP SIP-Version
    // RFC 3261 §7.2 Status-Line  = SIP-Version SP Status-Code SP Reason-Phrase
    private static ParseResult<StartLine> ParseStartLine(string text, int start, int end)
    {
        end = SipSyntax.TrimEnd(text, start, end);
        int sp1 = text.IndexOf(' ', start, end - start);
        if (sp1 < 0)
        {
            return Error(end, "start line has no SP");
        }
        if (IsVersion(text, start, sp1))
        {
            int codeStart = sp1 + 1;
            if (end - codeStart < 3 || !char.IsAsciiDigit(text[codeStart]) || !char.IsAsciiDigit(text[codeStart + 1])
                || !char.IsAsciiDigit(text[codeStart + 2]) || (end > codeStart + 3 && text[codeStart + 3] != ' '))
            {
                return Error(codeStart, "invalid status code");
            }
            int code = (text[codeStart] - '0') * 100 + (text[codeStart + 1] - '0') * 10 + (text[codeStart + 2] - '0');
            if (code < 100)
            {
                return Error(codeStart, "invalid status code");
            }
            return ParseResult<StartLine>.Ok(new StartLine(start, end, null, null, code));
        }
        for (int i = start; i < sp1; i++)
        {
            if (!SipSyntax.IsTokenChar(text[i]))
            {
                return Error(i, "invalid method");
            }
        }
        if (sp1 == start)
        {
            return Error(start, "empty method");
        }
        int sp2 = text.LastIndexOf(' ', end - 1, end - sp1 - 1);
        if (sp2 <= sp1 + 1)
        {
            return Error(sp1 + 1, "missing Request-URI or SIP-Version");
        }
        for (int i = sp1 + 1; i < sp2; i++)
        {
            if (text[i] <= ' ')
            {
                return Error(i, "whitespace in Request-URI");
            }
        }
        if (!IsVersion(text, sp2 + 1, end))
        {
            return Error(sp2 + 1, "invalid SIP-Version");
        }
        return ParseResult<StartLine>.Ok(new StartLine(start, end, text.Substring(start, sp1 - start), text.Substring(sp1 + 1, sp2 - sp1 - 1), null));
    }

    // SIP-Version = "SIP" "/" 1*DIGIT "." 1*DIGIT ("SIP" is case-insensitive, RFC 3261 §7.1)
    private static bool IsVersion(string text, int start, int end)
    {
        if (end - start < 7 || string.Compare(text, start, "SIP/", 0, 4, StringComparison.OrdinalIgnoreCase) != 0)
        {
            return false;
        }
        int dot = text.IndexOf('.', start + 4, end - start - 4);
        if (dot <= start + 4 || dot == end - 1)
        {
            return false;
        }
        for (int i = start + 4; i < end; i++)
        {
            if (i != dot && !char.IsAsciiDigit(text[i]))
            {
                return false;
            }
        }
        return true;
    }

    private static ParseResult<StartLine> Error(int position, string message) =>
        ParseResult<StartLine>.Fail(ParseErrorCode.InvalidStartLine, position, message);

    private static ParseResult<SipMessage> Fail(ParseErrorCode code, int position, string message) =>
        ParseResult<SipMessage>.Fail(code, position, message);
}
