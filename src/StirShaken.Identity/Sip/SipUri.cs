using StirShaken.Identity.Parsing;

namespace StirShaken.Identity.Sip;

/// <summary>A <c>sip:</c>, <c>sips:</c> or <c>tel:</c> URI (RFC 3261 §19.1, RFC 3966).</summary>
public sealed class SipUri
{
    /// <summary>The URI exactly as written.</summary>
    public string Raw => throw new NotImplementedException();

    /// <summary>Lower-case scheme: <c>sip</c>, <c>sips</c>, <c>tel</c> (others are kept as written).</summary>
    public string Scheme => throw new NotImplementedException();

    /// <summary>For SIP: the user part without user parameters; for tel: the telephone-subscriber number.</summary>
    public string? User => throw new NotImplementedException();

    /// <summary>For SIP: parameters inside the user part (e.g. <c>;verstat=...</c>), else empty.</summary>
    public IReadOnlyList<KeyValuePair<string, string?>> UserParameters => throw new NotImplementedException();

    /// <summary>Host (SIP) or empty (tel).</summary>
    public string Host => throw new NotImplementedException();

    /// <summary>Port if present.</summary>
    public int? Port => throw new NotImplementedException();

    /// <summary>URI parameters (<c>;user=phone</c>, tel <c>;phone-context=</c>...), names lower-cased.</summary>
    public IReadOnlyList<KeyValuePair<string, string?>> Parameters => throw new NotImplementedException();

    /// <summary>Returns a parameter value (case-insensitive name), or null; a flag parameter returns "".</summary>
    public string? GetParameter(string name) => throw new NotImplementedException();

    /// <summary>
    /// Whether the URI identifies a telephone number: a tel URI, or a SIP URI with <c>user=phone</c>,
    /// or (when <paramref name="lenient"/>) a SIP URI whose user part looks like a number (optional '+',
    /// digits and visual separators) — RFC 8224 §8.1 allows this local policy.
    /// </summary>
    public bool IsTelephoneNumber(bool lenient = true) => throw new NotImplementedException();

    /// <summary>Parses a URI without throwing.</summary>
    public static ParseResult<SipUri> TryParse(string text) => throw new NotImplementedException();
}
