using System.Formats.Asn1;
using Org.BouncyCastle.Asn1;

namespace StirShaken.Identity.Certificates;

// RFC 8226 §9 and Appendix A, TN-Module-2016 (DEFINITIONS EXPLICIT TAGS):
//   TNAuthorizationList ::= SEQUENCE SIZE (1..MAX) OF TNEntry
//   TNEntry ::= CHOICE { spc [0] ServiceProviderCode, range [1] TelephoneNumberRange, one [2] TelephoneNumber }
//   ServiceProviderCode ::= IA5String
//   TelephoneNumberRange ::= SEQUENCE { start TelephoneNumber, count INTEGER (2..MAX), ... }
//   TelephoneNumber ::= IA5String (SIZE (1..15)) (FROM ("0123456789#*"))
public sealed partial class TnAuthList
{
    private const int MaxTelephoneNumberLength = 15;

    /// <summary>Decodes the extension value (the OCTET STRING contents). Never throws on malformed input.</summary>
    /// <remarks>
    /// The list is covered by the certificate signature, so BER length forms that BouncyCastle accepts are
    /// tolerated; the structure, tags and value constraints of RFC 8226 are enforced exactly.
    /// </remarks>
    /// <returns>
    /// The list, or a <see cref="ParseError"/> whose <see cref="ParseError.Position"/> is the byte offset of the
    /// offending TNEntry in <paramref name="der"/> (0 when the list as a whole is wrong) and whose code is
    /// <see cref="ParseErrorCode.Empty"/>, <see cref="ParseErrorCode.InvalidAsn1"/>, <see cref="ParseErrorCode.InvalidTnAuthList"/>,
    /// <see cref="ParseErrorCode.InvalidTnEntry"/>, <see cref="ParseErrorCode.InvalidServiceProviderCode"/>,
    /// <see cref="ParseErrorCode.InvalidTelephoneNumber"/> or <see cref="ParseErrorCode.InvalidTelephoneNumberRange"/>.
    /// </returns>
    public static ParseResult<TnAuthList> TryDecode(ReadOnlySpan<byte> der)
    {
        if (der.IsEmpty)
        {
            return ParseResult<TnAuthList>.Fail(ParseErrorCode.Empty, 0, "the TNAuthList is empty (no bytes)");
        }

        Asn1Object root;
        try
        {
            root = Asn1Object.FromByteArray(der.ToArray());
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // BouncyCastle reports truncation, bad lengths and trailing data with assorted exception types.
            return ParseResult<TnAuthList>.Fail(ParseErrorCode.InvalidAsn1, 0, "the TNAuthList is not well-formed ASN.1: " + e.Message);
        }

        if (root is not Asn1Sequence sequence)
        {
            return ParseResult<TnAuthList>.Fail(ParseErrorCode.InvalidTnAuthList, 0, "the TNAuthList is not a SEQUENCE");
        }

        if (sequence.Count == 0)
        {
            return ParseResult<TnAuthList>.Fail(ParseErrorCode.InvalidTnAuthList, 0, "the TNAuthList SEQUENCE is empty (RFC 8226 requires SIZE (1..MAX))");
        }

        var spcs = new List<string>();
        var ranges = new List<TelephoneNumberRange>();
        var numbers = new List<string>();
        for (var i = 0; i < sequence.Count; i++)
        {
            if (!TryDecodeEntry(sequence[i], spcs, ranges, numbers, out var code, out var entryError))
            {
                return ParseResult<TnAuthList>.Fail(code, EntryOffset(der, i), $"TNEntry {i + 1}: {entryError}");
            }
        }

        return ParseResult<TnAuthList>.Ok(new TnAuthList([.. spcs], [.. ranges], [.. numbers]));
    }

    // The byte offset of the index-th element of the outer SEQUENCE, for error positions (0 if unreadable).
    private static int EntryOffset(ReadOnlySpan<byte> der, int index)
    {
        try
        {
            AsnDecoder.ReadSequence(der, AsnEncodingRules.BER, out var contentOffset, out var contentLength, out _);
            var offset = contentOffset;
            for (var i = 0; i < index; i++)
            {
                AsnDecoder.ReadEncodedValue(der[offset..(contentOffset + contentLength)], AsnEncodingRules.BER, out _, out _, out var consumed);
                offset += consumed;
            }

            return offset;
        }
        catch (Exception e) when (e is AsnContentException or ArgumentException)
        {
            return 0;
        }
    }

    /// <summary>Encodes a list as DER (for signing certificates, e.g. the test PKI).</summary>
    /// <exception cref="ArgumentException">The list is empty, or an entry violates RFC 8226 constraints.</exception>
    public static byte[] Encode(IEnumerable<string> spcs, IEnumerable<TelephoneNumberRange>? ranges = null, IEnumerable<string>? numbers = null)
    {
        ArgumentNullException.ThrowIfNull(spcs);
        var entries = new Asn1EncodableVector();
        foreach (var spc in spcs)
        {
            if (ValidateSpc(spc) is { } problem)
            {
                throw new ArgumentException($"SPC '{spc}': {problem}", nameof(spcs));
            }

            entries.Add(new DerTaggedObject(true, 0, new DerIA5String(spc)));
        }

        foreach (var range in ranges ?? [])
        {
            if (ValidateTelephoneNumber(range.Start) is { } problem)
            {
                throw new ArgumentException($"range start '{range.Start}': {problem}", nameof(ranges));
            }

            if (range.Count < 2)
            {
                throw new ArgumentException($"range count {range.Count} is below 2 (RFC 8226 INTEGER (2..MAX))", nameof(ranges));
            }

            entries.Add(new DerTaggedObject(true, 1, new DerSequence(new DerIA5String(range.Start), DerInteger.ValueOf(range.Count))));
        }

        foreach (var number in numbers ?? [])
        {
            if (ValidateTelephoneNumber(number) is { } problem)
            {
                throw new ArgumentException($"TN '{number}': {problem}", nameof(numbers));
            }

            entries.Add(new DerTaggedObject(true, 2, new DerIA5String(number)));
        }

        if (entries.Count == 0)
        {
            throw new ArgumentException("a TNAuthList needs at least one entry (RFC 8226 SIZE (1..MAX))", nameof(spcs));
        }

        return new DerSequence(entries).GetEncoded(Asn1Encodable.Der);
    }

    private static bool TryDecodeEntry(Asn1Encodable entry, List<string> spcs, List<TelephoneNumberRange> ranges, List<string> numbers, out ParseErrorCode code, out string? error)
    {
        code = ParseErrorCode.InvalidTnEntry;
        if (entry is not Asn1TaggedObject tagged || tagged.TagClass != Asn1Tags.ContextSpecific)
        {
            error = "not a context-specific tag [0], [1] or [2]";
            return false;
        }

        if (tagged.TagNo is < 0 or > 2)
        {
            error = $"unknown alternative [{tagged.TagNo}] (expected [0] spc, [1] range or [2] one)";
            return false;
        }

        // The module uses EXPLICIT TAGS: each alternative is a constructed tag wrapping the universal type.
        if (!tagged.IsExplicit())
        {
            error = $"[{tagged.TagNo}] is not EXPLICIT (constructed, wrapping one universal value) as RFC 8226 requires";
            return false;
        }

        var inner = tagged.GetExplicitBaseObject().ToAsn1Object();
        switch (tagged.TagNo)
        {
            case 0:
                code = ParseErrorCode.InvalidServiceProviderCode;
                if (!TryGetIa5(inner, "spc", out var spc, out error))
                {
                    return false;
                }

                error = ValidateSpc(spc!);
                if (error is not null)
                {
                    error = $"spc '{spc}': {error}";
                    return false;
                }

                spcs.Add(spc!);
                return true;
            case 1:
                if (!TryDecodeRange(inner, out var range, out code, out error))
                {
                    return false;
                }

                ranges.Add(range);
                return true;
            default:
                code = ParseErrorCode.InvalidTelephoneNumber;
                if (!TryGetTelephoneNumber(inner, "one", out var number, out error))
                {
                    return false;
                }

                numbers.Add(number!);
                return true;
        }
    }

    private static bool TryDecodeRange(Asn1Object inner, out TelephoneNumberRange range, out ParseErrorCode code, out string? error)
    {
        range = default;
        code = ParseErrorCode.InvalidTelephoneNumberRange;

        // Elements after count are allowed: the SEQUENCE has an extension marker ("...").
        if (inner is not Asn1Sequence sequence || sequence.Count < 2)
        {
            error = "range is not a SEQUENCE { start TelephoneNumber, count INTEGER }";
            return false;
        }

        if (!TryGetTelephoneNumber(sequence[0].ToAsn1Object(), "range start", out var start, out error))
        {
            code = ParseErrorCode.InvalidTelephoneNumber;
            return false;
        }

        if (sequence[1] is not DerInteger count)
        {
            error = "range count is not an INTEGER";
            return false;
        }

        if (count.Value.SignValue <= 0 || count.Value.BitLength > 63 || count.LongValueExact < 2)
        {
            error = $"range count {count.Value} is outside INTEGER (2..MAX) or too large";
            return false;
        }

        range = new TelephoneNumberRange(start!, count.LongValueExact);
        error = null;
        return true;
    }

    private static bool TryGetTelephoneNumber(Asn1Object value, string what, out string? number, out string? error)
    {
        if (!TryGetIa5(value, what, out number, out error))
        {
            return false;
        }

        error = ValidateTelephoneNumber(number!);
        if (error is not null)
        {
            error = $"{what} '{number}': {error}";
            number = null;
            return false;
        }

        return true;
    }

    private static bool TryGetIa5(Asn1Object value, string what, out string? text, out string? error)
    {
        if (value is not DerIA5String ia5)
        {
            text = null;
            error = $"{what} is not an IA5String";
            return false;
        }

        text = ia5.GetString();
        error = null;
        return true;
    }

    // ServiceProviderCode ::= IA5String; control characters are refused too (the SPC ends up in logs and CN checks).
    private static string? ValidateSpc(string? spc)
    {
        if (string.IsNullOrEmpty(spc))
        {
            return "empty";
        }

        foreach (var c in spc)
        {
            if (c is < ' ' or > '~')
            {
                return $"contains a character outside printable IA5 (U+{(int)c:X4})";
            }
        }

        return null;
    }

    // RFC 8226 Appendix A: TelephoneNumber ::= IA5String (SIZE (1..15)) (FROM ("0123456789#*")).
    private static string? ValidateTelephoneNumber(string? number)
    {
        if (string.IsNullOrEmpty(number))
        {
            return "empty (SIZE (1..15))";
        }

        if (number.Length > MaxTelephoneNumberLength)
        {
            return $"{number.Length} characters (SIZE (1..15))";
        }

        foreach (var c in number)
        {
            if (c is not ((>= '0' and <= '9') or '#' or '*'))
            {
                return $"contains '{(c is < ' ' or > '~' ? $"U+{(int)c:X4}" : c.ToString())}' (allowed: 0-9, #, *)";
            }
        }

        return null;
    }
}
