namespace StirShaken.Identity.Parsing;

/// <summary>
/// An RFC 8224 §4 Identity header value: <c>signed-identity-digest ;info=&lt;uri&gt; [;alg=..] [;ppt=..] *(;param)</c>.
/// Syntax only: the PASSporT inside <see cref="Token"/> is decoded by <c>Passport.PassportToken</c>.
/// </summary>
public sealed class IdentityHeader
{
    /// <summary>The whole header value as received.</summary>
    public string RawValue => throw new NotImplementedException();

    /// <summary>The signed-identity-digest: <c>h.p.s</c> (full form) or <c>..s</c> (compact form).</summary>
    public string Token => throw new NotImplementedException();

    /// <summary>True for the compact form <c>..signature</c> (RFC 8225 §7).</summary>
    public bool IsCompact => throw new NotImplementedException();

    /// <summary>The <c>info</c> URI without angle brackets (mandatory, so never null on a parsed header).</summary>
    public string Info => throw new NotImplementedException();

    /// <summary>The <c>alg</c> parameter (unquoted), or null when absent (RFC 8224 §4.1: default ES256).</summary>
    public string? Alg => throw new NotImplementedException();

    /// <summary>The <c>ppt</c> parameter (unquoted), or null when absent.</summary>
    public string? Ppt => throw new NotImplementedException();

    /// <summary>All parameters in order, names lower-cased, values unquoted; unknown parameters are kept.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Parameters => throw new NotImplementedException();

    /// <summary>
    /// Parses an Identity header value without throwing. A legacy RFC 4474 value (quoted base64)
    /// fails with <see cref="ParseErrorCode.LegacyIdentity"/>; use <see cref="LegacyIdentity"/> for it.
    /// </summary>
    /// <param name="value">The header value (after the colon).</param>
    /// <param name="maxTokenLength">Upper bound for the digest length (see <c>SipParserOptions.MaxTokenLength</c>).</param>
    public static ParseResult<IdentityHeader> TryParse(string value, int maxTokenLength = 8_192) => throw new NotImplementedException();

    /// <summary>Parses an Identity header value; throws <see cref="SipParseException"/> on malformed input.</summary>
    public static IdentityHeader Parse(string value) => TryParse(value).GetValueOrThrow();
}
