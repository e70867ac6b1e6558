namespace StirShaken.Identity.Certificates;

/// <summary>
/// The RFC 8226 TNAuthorizationList (<c>SEQUENCE OF TNEntry</c>, EXPLICIT tags): SPCs, TN ranges and single TNs.
/// </summary>
public sealed class TnAuthList
{
    /// <summary>RFC 8226 id-pe-TNAuthList.</summary>
    public const string Oid = "1.3.6.1.5.5.7.1.26";

    /// <summary>Service provider codes (<c>[0] ServiceProviderCode</c>).</summary>
    public IReadOnlyList<string> ServiceProviderCodes => throw new NotImplementedException();

    /// <summary>Telephone-number ranges (<c>[1] TelephoneNumberRange</c>).</summary>
    public IReadOnlyList<TelephoneNumberRange> Ranges => throw new NotImplementedException();

    /// <summary>Single telephone numbers (<c>[2] TelephoneNumber</c>).</summary>
    public IReadOnlyList<string> Numbers => throw new NotImplementedException();

    /// <summary>Whether a canonical TN is listed as a single TN or inside a range (not SPC entries).</summary>
    public bool CoversNumber(string canonicalTn) => throw new NotImplementedException();

    /// <summary>Decodes the extension value (the OCTET STRING contents). Never throws on malformed input.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> der, out TnAuthList? list, out string? error) => throw new NotImplementedException();

    /// <summary>Encodes a list as DER (for signing certificates, e.g. the test PKI).</summary>
    public static byte[] Encode(IEnumerable<string> spcs, IEnumerable<TelephoneNumberRange>? ranges = null, IEnumerable<string>? numbers = null) => throw new NotImplementedException();
}

/// <summary>An RFC 8226 TelephoneNumberRange: <paramref name="Start"/> and a <paramref name="Count"/> of at least 2.</summary>
/// <param name="Start">First number of the range (digits, <c>#</c>, <c>*</c>).</param>
/// <param name="Count">How many numbers the range covers.</param>
public readonly record struct TelephoneNumberRange(string Start, long Count);
