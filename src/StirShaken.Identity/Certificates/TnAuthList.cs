namespace StirShaken.Identity.Certificates;

/// <summary>
/// The RFC 8226 TNAuthorizationList (<c>SEQUENCE OF TNEntry</c>, EXPLICIT tags): SPCs, TN ranges and single TNs.
/// Immutable and thread-safe.
/// </summary>
public sealed partial class TnAuthList
{
    /// <summary>RFC 8226 id-pe-TNAuthList.</summary>
    public const string Oid = "1.3.6.1.5.5.7.1.26";

    private readonly string[] _spcs;
    private readonly TelephoneNumberRange[] _ranges;
    private readonly string[] _numbers;

    private TnAuthList(string[] spcs, TelephoneNumberRange[] ranges, string[] numbers)
    {
        _spcs = spcs;
        _ranges = ranges;
        _numbers = numbers;
    }

    /// <summary>Service provider codes (<c>[0] ServiceProviderCode</c>).</summary>
    public IReadOnlyList<string> ServiceProviderCodes => _spcs;

    /// <summary>Telephone-number ranges (<c>[1] TelephoneNumberRange</c>).</summary>
    public IReadOnlyList<TelephoneNumberRange> Ranges => _ranges;

    /// <summary>Single telephone numbers (<c>[2] TelephoneNumber</c>).</summary>
    public IReadOnlyList<string> Numbers => _numbers;

    /// <summary>
    /// Whether this list authorizes calls from <paramref name="canonicalTn"/> (the PASSporT <c>orig</c> TN,
    /// canonical digits). True when the list carries an SPC: an SPC names the service provider, whose
    /// authority over its numbers is vouched for by the STI-PA and cannot be checked locally (RFC 8226 §9,
    /// ATIS-1000080). Otherwise (RFC 9060 delegate certificates carry TNs instead of an SPC) true only when
    /// a single TN or a range covers the number (<see cref="CoversNumber"/>). Never throws.
    /// </summary>
    /// <param name="canonicalTn">The number to authorize; null or empty is never covered by a TN entry.</param>
    public bool Authorizes(string? canonicalTn) =>
        _spcs.Length > 0 || (canonicalTn is not null && CoversNumber(canonicalTn));

    /// <summary>Whether a canonical TN is listed as a single TN or inside a range (not SPC entries; RFC 8226 §9).</summary>
    public bool CoversNumber(string canonicalTn)
    {
        if (string.IsNullOrEmpty(canonicalTn))
        {
            return false;
        }

        foreach (var number in _numbers)
        {
            if (string.Equals(number, canonicalTn, StringComparison.Ordinal))
            {
                return true;
            }
        }

        // A range covers numbers of the same length as its start whose value lies in [start, start + count).
        if (_ranges.Length == 0 || !TryParseDigits(canonicalTn, out var value))
        {
            return false;
        }

        foreach (var range in _ranges)
        {
            if (range.Start.Length == canonicalTn.Length
                && TryParseDigits(range.Start, out var start)
                && value >= start
                && value - start < range.Count)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Returns a short description, e.g. <c>spc=1234; one=12155551212</c>.</summary>
    public override string ToString()
    {
        var parts = new List<string>(_spcs.Length + _ranges.Length + _numbers.Length);
        parts.AddRange(_spcs.Select(s => "spc=" + s));
        parts.AddRange(_ranges.Select(r => FormattableString.Invariant($"range={r.Start}+{r.Count}")));
        parts.AddRange(_numbers.Select(n => "one=" + n));
        return string.Join("; ", parts);
    }

    // TelephoneNumbers are at most 15 digits, so the value always fits in a long.
    private static bool TryParseDigits(string text, out long value)
    {
        value = 0;
        if (text.Length is 0 or > MaxTelephoneNumberLength)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }
}
