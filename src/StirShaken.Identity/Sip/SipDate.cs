using System.Globalization;

namespace StirShaken.Identity.Sip;

/// <summary>The SIP <c>Date</c> header (RFC 3261 §20.17: RFC 1123 date, always GMT).</summary>
public static class SipDate
{
    // RFC 3261 §25.1 rfc1123-date: wkday "," SP 2DIGIT SP month SP 4DIGIT SP time SP "GMT".
    private const string Pattern = "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'";

    /// <summary>Parses e.g. <c>Tue, 16 Aug 2016 19:23:38 GMT</c>. Returns false for anything else.</summary>
    public static bool TryParse(string? value, out DateTimeOffset date)
    {
        date = default;
        // Fixed width (29 chars) keeps out one-digit days and stray whitespace that ParseExact tolerates.
        if (value is null || value.Length != 29)
        {
            return false;
        }
        if (!DateTime.TryParseExact(value, Pattern, CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return false;
        }
        date = new DateTimeOffset(DateTime.SpecifyKind(parsed, DateTimeKind.Utc));
        return true;
    }

    /// <summary>Formats a time as an RFC 1123 GMT date (sub-second precision is dropped).</summary>
    public static string Format(DateTimeOffset date) =>
        date.UtcDateTime.ToString(Pattern, CultureInfo.InvariantCulture);
}
