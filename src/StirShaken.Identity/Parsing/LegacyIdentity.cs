using StirShaken.Identity.Sip;

namespace StirShaken.Identity.Parsing;

/// <summary>
/// The legacy RFC 4474 pair: <c>Identity: "base64-rsa-signature"</c> + <c>Identity-Info: &lt;uri&gt;;alg=rsa-sha1</c>.
/// RFC 8224 obsoleted it; the verifier checks it only when legacy trust anchors are configured, and otherwise
/// reports it as unsupported (README "Legacy RFC 4474 (Identity-Info)"). The signed bytes are <see cref="LegacyDigestString"/>.
/// </summary>
public sealed class LegacyIdentity
{
    private LegacyIdentity(string signature, string? infoUri, string? alg)
    {
        Signature = signature;
        InfoUri = infoUri;
        Alg = alg;
    }

    /// <summary>The base64 signature without quotes.</summary>
    public string Signature { get; }

    /// <summary>The Identity-Info URI without brackets, or null when the header is absent.</summary>
    public string? InfoUri { get; }

    /// <summary>The Identity-Info <c>alg</c> (e.g. <c>rsa-sha1</c>, <c>rsa-sha256</c>), or null.</summary>
    public string? Alg { get; }

    /// <summary>
    /// Whether an Identity value is in legacy form: a quoted string without dots (RFC 4474 §9).
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="identityValue"/> is null.</exception>
    public static bool IsLegacyValue(string identityValue)
    {
        ArgumentNullException.ThrowIfNull(identityValue);
        var v = identityValue.AsSpan().Trim(" \t");
        return v.Length >= 2 && v[0] == '"' && v[^1] == '"' && v[1..^1].IndexOfAny('"', '.') < 0;
    }

    /// <summary>
    /// Parses the legacy pair from an Identity value and the optional Identity-Info value.
    /// Error positions refer to the Identity value, except <see cref="ParseErrorCode.InvalidInfo"/>,
    /// <see cref="ParseErrorCode.InvalidParameter"/> and <see cref="ParseErrorCode.DuplicateParameter"/>
    /// which refer to the Identity-Info value.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="identityValue"/> is null.</exception>
    public static ParseResult<LegacyIdentity> TryParse(string identityValue, string? identityInfoValue)
    {
        if (!IsLegacyValue(identityValue))
        {
            return Fail(ParseErrorCode.InvalidTokenCharacters, 0, "not a quoted RFC 4474 signature");
        }
        int open = identityValue.IndexOf('"');
        int close = identityValue.LastIndexOf('"');
        if (close == open + 1)
        {
            return Fail(ParseErrorCode.InvalidTokenCharacters, close, "empty signature");
        }
        // RFC 4474 §9: signed-identity-digest = LDQUOT 32LHEX RDQUOT in the ABNF, base64 in practice.
        for (int i = open + 1; i < close; i++)
        {
            char c = identityValue[i];
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('+' or '/' or '='))
            {
                return Fail(ParseErrorCode.InvalidTokenCharacters, i, "character outside base64");
            }
        }
        string signature = identityValue.Substring(open + 1, close - open - 1);
        if (identityInfoValue is null)
        {
            return ParseResult<LegacyIdentity>.Ok(new LegacyIdentity(signature, null, null));
        }
        // RFC 4474 §9: Identity-Info = ident-info *( SEMI ident-info-params ); ident-info = LAQUOT absoluteURI RAQUOT
        int lt = SipSyntax.SkipWhitespace(identityInfoValue, 0, identityInfoValue.Length);
        int gt = lt < identityInfoValue.Length && identityInfoValue[lt] == '<' ? identityInfoValue.IndexOf('>', lt) : -1;
        if (gt < 0)
        {
            return Fail(ParseErrorCode.InvalidInfo, lt, "Identity-Info needs <absoluteURI>");
        }
        string uri = identityInfoValue.Substring(lt + 1, gt - lt - 1);
        int colon = SipSyntax.SchemeEnd(uri);
        if (colon < 0 || colon == uri.Length - 1 || uri.AsSpan().IndexOfAny(" \t<\"") >= 0)
        {
            return Fail(ParseErrorCode.InvalidInfo, lt + 1, "Identity-Info is not an absolute URI");
        }
        var read = SipParameterReader.Read(identityInfoValue, gt + 1, ParseErrorCode.InvalidParameter);
        if (!read.IsSuccess)
        {
            return read.FailAs<LegacyIdentity>();
        }
        var raw = read.Value;
        string? alg = null;
        for (int i = 0; i < raw.Count; i++)
        {
            for (int j = 0; j < i; j++)
            {
                if (raw[j].Name == raw[i].Name)
                {
                    return Fail(ParseErrorCode.DuplicateParameter, raw[i].NameStart, $"duplicate parameter '{raw[i].Name}'");
                }
            }
            if (raw[i].Name == "alg")
            {
                alg = raw[i].Value;
            }
        }
        return ParseResult<LegacyIdentity>.Ok(new LegacyIdentity(signature, uri, alg));
    }

    /// <summary>Finds a legacy pair in a message, if any Identity line is in legacy form; otherwise null.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is null.</exception>
    public static ParseResult<LegacyIdentity>? Find(SipMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        foreach (var value in message.GetHeaderValues(SipHeaderNames.Identity))
        {
            if (IsLegacyValue(value))
            {
                return TryParse(value, GetIdentityInfo(message));
            }
        }
        return null;
    }

    /// <summary>
    /// The first Identity-Info value, also under RFC 4474's compact name <c>n</c> (RFC 4474 §12; RFC 8224 removed it, so
    /// <see cref="SipHeaderNames"/> does not map it), or null.
    /// </summary>
    internal static string? GetIdentityInfo(SipMessage message) =>
        message.GetHeader(SipHeaderNames.IdentityInfo) ?? message.GetHeader("n");

    private static ParseResult<LegacyIdentity> Fail(ParseErrorCode code, int position, string message) =>
        ParseResult<LegacyIdentity>.Fail(code, position, message);
}
