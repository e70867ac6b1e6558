using StirShaken.Identity.Sip;

namespace StirShaken.Identity.Parsing;

/// <summary>
/// The legacy RFC 4474 pair: <c>Identity: "base64-rsa-signature"</c> + <c>Identity-Info: &lt;uri&gt;;alg=rsa-sha1</c>.
/// Parsed for diagnostics; RFC 8224 obsoleted it and the verifier reports it as unsupported.
/// </summary>
public sealed class LegacyIdentity
{
    /// <summary>The base64 signature without quotes.</summary>
    public string Signature => throw new NotImplementedException();

    /// <summary>The Identity-Info URI without brackets, or null when the header is absent.</summary>
    public string? InfoUri => throw new NotImplementedException();

    /// <summary>The Identity-Info <c>alg</c> (e.g. <c>rsa-sha1</c>, <c>rsa-sha256</c>), or null.</summary>
    public string? Alg => throw new NotImplementedException();

    /// <summary>
    /// Whether an Identity value is in legacy form: a quoted string without dots (RFC 4474 §9).
    /// </summary>
    public static bool IsLegacyValue(string identityValue) => throw new NotImplementedException();

    /// <summary>Parses the legacy pair from an Identity value and the optional Identity-Info value.</summary>
    public static ParseResult<LegacyIdentity> TryParse(string identityValue, string? identityInfoValue) => throw new NotImplementedException();

    /// <summary>Finds a legacy pair in a message, if any Identity line is in legacy form.</summary>
    public static ParseResult<LegacyIdentity>? Find(SipMessage message) => throw new NotImplementedException();
}
