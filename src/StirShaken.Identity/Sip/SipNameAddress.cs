using StirShaken.Identity.Parsing;

namespace StirShaken.Identity.Sip;

/// <summary>A name-addr or addr-spec with header parameters (From, To, P-Asserted-Identity...).</summary>
public sealed class SipNameAddress
{
    /// <summary>Display name without quotes, or null.</summary>
    public string? DisplayName => throw new NotImplementedException();

    /// <summary>The URI.</summary>
    public SipUri Uri => throw new NotImplementedException();

    /// <summary>Header parameters after the address (e.g. <c>tag</c>), names lower-cased.</summary>
    public IReadOnlyList<KeyValuePair<string, string?>> Parameters => throw new NotImplementedException();

    /// <summary>The <c>tag</c> parameter, or null.</summary>
    public string? Tag => throw new NotImplementedException();

    /// <summary>Parses one name-addr / addr-spec (no commas).</summary>
    public static ParseResult<SipNameAddress> TryParse(string text) => throw new NotImplementedException();
}
