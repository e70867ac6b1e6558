using StirShaken.Identity.Sip;

namespace StirShaken.Identity.Parsing;

/// <summary>
/// An RFC 8224 §4 Identity header value: <c>signed-identity-digest ;info=&lt;uri&gt; [;alg=..] [;ppt=..] *(;param)</c>.
/// Syntax only: the PASSporT inside <see cref="Token"/> is decoded by <c>Passport.PassportToken</c>.
/// </summary>
/// <remarks>
/// Lenient where real senders deviate harmlessly: parameters may come in any order, values of
/// <c>alg</c>/<c>ppt</c> may be quoted, and <c>info</c> may omit its angle brackets (the URI then
/// runs to the next ';' or whitespace). Error positions are character offsets into the value.
/// </remarks>
public sealed class IdentityHeader
{
    // RFC 8224 §4 Identity header parameter names (ident-info, ident-info-alg, ppt).
    private const string InfoParameter = "info";
    private const string AlgParameter = "alg";
    private const string PptParameter = "ppt";

    private readonly int _tokenStart;
    private readonly int _tokenLength;
    private string? _token;

    private IdentityHeader(string rawValue, int tokenStart, int tokenLength, bool isCompact, string info, string? alg, string? ppt,
        KeyValuePair<string, string>[] parameters)
    {
        RawValue = rawValue;
        _tokenStart = tokenStart;
        _tokenLength = tokenLength;
        IsCompact = isCompact;
        Info = info;
        Alg = alg;
        Ppt = ppt;
        Parameters = parameters;
    }

    /// <summary>The whole header value as received.</summary>
    public string RawValue { get; }

    /// <summary>The signed-identity-digest: <c>h.p.s</c> (full form) or <c>..s</c> (compact form).</summary>
    public string Token => _token ??= RawValue.Substring(_tokenStart, _tokenLength);

    /// <summary>Where <see cref="Token"/> is in <see cref="RawValue"/>: decoders read it there without a copy (README "Performance").</summary>
    internal (int Start, int Length) TokenRange => (_tokenStart, _tokenLength);

    /// <summary>True for the compact form <c>..signature</c> (RFC 8225 §7).</summary>
    public bool IsCompact { get; }

    /// <summary>The <c>info</c> URI without angle brackets (mandatory, so never null on a parsed header).</summary>
    public string Info { get; }

    /// <summary>The <c>alg</c> parameter (unquoted), or null when absent (RFC 8224 §4.1: default ES256).</summary>
    public string? Alg { get; }

    /// <summary>The <c>ppt</c> parameter (unquoted), or null when absent.</summary>
    public string? Ppt { get; }

    /// <summary>
    /// All parameters in order, names lower-cased, values unquoted (<c>info</c> without brackets);
    /// unknown parameters are kept, a flag parameter has an empty value.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> Parameters { get; }

    /// <summary>
    /// Parses an Identity header value without throwing. A legacy RFC 4474 value (quoted base64)
    /// fails with <see cref="ParseErrorCode.LegacyIdentity"/>; use <see cref="LegacyIdentity"/> for it.
    /// </summary>
    /// <param name="value">The header value (after the colon).</param>
    /// <param name="maxTokenLength">Upper bound for the digest length (see <c>SipParserOptions.MaxTokenLength</c>).</param>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    public static ParseResult<IdentityHeader> TryParse(string value, int maxTokenLength = 8_192)
    {
        ArgumentNullException.ThrowIfNull(value);
        int len = value.Length;
        int start = SipSyntax.SkipWhitespace(value, 0, len);
        if (start == len)
        {
            return Fail(ParseErrorCode.Empty, 0, "empty Identity value");
        }
        if (value[start] == '"')
        {
            return LegacyIdentity.IsLegacyValue(value)
                ? Fail(ParseErrorCode.LegacyIdentity, start, "RFC 4474 quoted signature; RFC 8224 requires a PASSporT")
                : Fail(ParseErrorCode.InvalidTokenCharacters, start, "quote in signed-identity-digest");
        }
        int semi = value.IndexOf(';', start);
        int tokenEnd = SipSyntax.TrimEnd(value, start, semi < 0 ? len : semi);
        if (tokenEnd - start > maxTokenLength)
        {
            return Fail(ParseErrorCode.TokenTooLong, start + maxTokenLength, "signed-identity-digest exceeds the token length limit");
        }
        var token = CheckToken(value, start, tokenEnd);
        if (!token.IsSuccess)
        {
            return token.FailAs<IdentityHeader>();
        }
        bool compact = token.Value;
        if (semi < 0)
        {
            return Fail(ParseErrorCode.MissingParameters, len, "no ';info=' after the signed-identity-digest");
        }
        var read = SipParameterReader.Read(value, tokenEnd, ParseErrorCode.InvalidParameter);
        if (!read.IsSuccess)
        {
            return read.FailAs<IdentityHeader>();
        }
        var raw = read.Value;
        string? info = null, alg = null, ppt = null;
        var parameters = new KeyValuePair<string, string>[raw.Count];
        for (int i = 0; i < raw.Count; i++)
        {
            var p = raw[i];
            for (int j = 0; j < i; j++)
            {
                if (raw[j].Name == p.Name)
                {
                    return Fail(ParseErrorCode.DuplicateParameter, p.NameStart, $"duplicate parameter '{p.Name}'");
                }
            }
            string paramValue = p.Value;
            switch (p.Name)
            {
                case InfoParameter:
                    var checkedInfo = CheckInfo(p);
                    if (!checkedInfo.IsSuccess)
                    {
                        return checkedInfo.FailAs<IdentityHeader>();
                    }
                    info = paramValue;
                    break;
                case AlgParameter or PptParameter:
                    // RFC 8224 §4: alg and ppt carry token values; quoted forms are tolerated.
                    if (p.Kind == ParameterValueKind.Flag || p.Kind == ParameterValueKind.Bracketed
                        || !SipSyntax.IsToken(paramValue))
                    {
                        return Fail(ParseErrorCode.InvalidParameter, p.ValueStart, $"'{p.Name}' needs a token value");
                    }
                    if (p.Name == AlgParameter)
                    {
                        alg = paramValue;
                    }
                    else
                    {
                        ppt = paramValue;
                    }
                    break;
                default:
                    // RFC 3261 §25.1 generic-param: token [ EQUAL gen-value ]
                    if (p.Kind == ParameterValueKind.Bracketed || (p.Kind == ParameterValueKind.Plain && !SipSyntax.IsTokenOrHost(paramValue)))
                    {
                        return Fail(ParseErrorCode.InvalidParameter, p.ValueStart, $"invalid value for '{p.Name}'");
                    }
                    break;
            }
            parameters[i] = new(p.Name, paramValue);
        }
        if (info is null)
        {
            return Fail(ParseErrorCode.MissingInfo, len, "the mandatory 'info' parameter is absent");
        }
        return ParseResult<IdentityHeader>.Ok(new IdentityHeader(value, start, tokenEnd - start, compact, info, alg, ppt, parameters));
    }

    /// <summary>Parses an Identity header value; throws <see cref="SipParseException"/> on malformed input.</summary>
    public static IdentityHeader Parse(string value) => TryParse(value).GetValueOrThrow();

    /// <summary>
    /// Formats an Identity header value (RFC 8224 §4):
    /// <c>&lt;signed-identity-digest&gt;;info=&lt;<paramref name="info"/>&gt;;alg=<paramref name="alg"/>[;ppt=<paramref name="ppt"/>]</c>.
    /// <c>alg</c> and <c>ppt</c> are written as tokens, unquoted; <c>ppt</c> is left out for a base PASSporT.
    /// The result always parses with <see cref="TryParse"/>.
    /// </summary>
    /// <param name="signedIdentityDigest">The PASSporT: full form <c>h.p.s</c> or compact form <c>..s</c> (RFC 8225 §7).</param>
    /// <param name="info">The absolute URI of the signer's certificate (the PASSporT's <c>x5u</c>); written inside angle brackets.</param>
    /// <param name="alg">The signature algorithm, e.g. <c>ES256</c> (RFC 8224 §4.1); a SIP token.</param>
    /// <param name="ppt">The PASSporT extension, e.g. <c>shaken</c>, or null; a SIP token.</param>
    /// <exception cref="ArgumentNullException"><paramref name="signedIdentityDigest"/>, <paramref name="info"/> or <paramref name="alg"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// The digest is not three base64url segments; <paramref name="info"/> is not an absolute URI or contains
    /// CR, LF, whitespace, a control character, <c>&lt;</c>, <c>&gt;</c> or <c>"</c> (header injection);
    /// <paramref name="alg"/> or <paramref name="ppt"/> is not a token.
    /// </exception>
    public static string Format(string signedIdentityDigest, string info, string alg, string? ppt)
    {
        ArgumentNullException.ThrowIfNull(signedIdentityDigest);
        ArgumentNullException.ThrowIfNull(info);
        ArgumentNullException.ThrowIfNull(alg);
        if (CheckToken(signedIdentityDigest, 0, signedIdentityDigest.Length) is { IsSuccess: false } token)
        {
            throw new ArgumentException($"not a PASSporT in full or compact form: {token.Error}", nameof(signedIdentityDigest));
        }

        var bracketed = new RawParameter(InfoParameter, 0, info, 0, ParameterValueKind.Bracketed);
        if (CheckInfo(bracketed) is { IsSuccess: false } checkedInfo)
        {
            throw new ArgumentException($"'info' must be an absolute URI without CR, LF, whitespace, '<', '>' or '\"': {checkedInfo.Error}", nameof(info));
        }

        if (!SipSyntax.IsToken(alg))
        {
            throw new ArgumentException("'alg' must be a token (RFC 8224 §4).", nameof(alg));
        }

        if (ppt is not null && !SipSyntax.IsToken(ppt))
        {
            throw new ArgumentException("'ppt' must be a token (RFC 8224 §4).", nameof(ppt));
        }

        return ppt is null
            ? $"{signedIdentityDigest};{InfoParameter}=<{info}>;{AlgParameter}={alg}"
            : $"{signedIdentityDigest};{InfoParameter}=<{info}>;{AlgParameter}={alg};{PptParameter}={ppt}";
    }

    // RFC 8224 §4: signed-identity-digest = 1*(base64-char / "."); base64url ('-', '_') is what
    // RFC 8225 produces, so both alphabets are accepted. Exactly three segments: h.p.s or ..s.
    // The value is true for the compact form (RFC 8225 §7).
    private static ParseResult<bool> CheckToken(string value, int start, int end)
    {
        int dot1 = -1, dot2 = -1;
        for (int i = start; i < end; i++)
        {
            char c = value[i];
            if (c == '.')
            {
                if (dot1 < 0)
                {
                    dot1 = i;
                }
                else if (dot2 < 0)
                {
                    dot2 = i;
                }
                else
                {
                    return ParseResult<bool>.Fail(ParseErrorCode.WrongSegmentCount, i, "more than three segments");
                }
            }
            else if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '+' or '/'))
            {
                return ParseResult<bool>.Fail(ParseErrorCode.InvalidTokenCharacters, i, "character outside base64/base64url");
            }
        }
        if (dot2 < 0)
        {
            return ParseResult<bool>.Fail(ParseErrorCode.WrongSegmentCount, end, "expected three dot-separated segments");
        }
        bool headerEmpty = dot1 == start;
        bool payloadEmpty = dot2 == dot1 + 1;
        if (dot2 == end - 1)
        {
            return ParseResult<bool>.Fail(ParseErrorCode.WrongSegmentCount, end, "empty signature segment");
        }
        if (headerEmpty != payloadEmpty)
        {
            return ParseResult<bool>.Fail(ParseErrorCode.WrongSegmentCount, headerEmpty ? start : dot2,
                "only one of header and payload is empty");
        }
        return ParseResult<bool>.Ok(headerEmpty); // RFC 8225 §7 compact form
    }

    // RFC 8224 §4: ident-info = "info" EQUAL ident-info-uri; ident-info-uri = LAQUOT absoluteURI RAQUOT
    // The value is the URI without brackets.
    private static ParseResult<string> CheckInfo(RawParameter p)
    {
        if (p.Kind is ParameterValueKind.Flag or ParameterValueKind.Quoted)
        {
            return ParseResult<string>.Fail(ParseErrorCode.InvalidInfo, p.ValueStart, "'info' needs <absoluteURI>");
        }
        string uri = p.Value;
        int offset = p.Kind == ParameterValueKind.Bracketed ? p.ValueStart + 1 : p.ValueStart;
        if (uri.Length == 0)
        {
            return ParseResult<string>.Fail(ParseErrorCode.InvalidInfo, p.ValueStart, "empty 'info' URI");
        }
        for (int i = 0; i < uri.Length; i++)
        {
            if (uri[i] <= ' ' || uri[i] is '<' or '>' or '"' or '\x7f')
            {
                return ParseResult<string>.Fail(ParseErrorCode.InvalidInfo, offset + i, "bad bracket or character in 'info' URI");
            }
        }
        int colon = SipSyntax.SchemeEnd(uri);
        if (colon < 0 || colon == uri.Length - 1)
        {
            return ParseResult<string>.Fail(ParseErrorCode.InvalidInfo, offset, "'info' is not an absolute URI");
        }
        return ParseResult<string>.Ok(uri);
    }

    private static ParseResult<IdentityHeader> Fail(ParseErrorCode code, int position, string message) =>
        ParseResult<IdentityHeader>.Fail(code, position, message);
}
