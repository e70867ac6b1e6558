using System.Globalization;

namespace StirShaken.Identity.Sip;

/// <summary>The SIP <c>Date</c> header (RFC 3261 §20.17: RFC 1123 date, always GMT).</summary>
public static class SipDate
{
    // RFC 3261 §25.1 rfc1123-date: wkday "," SP 2DIGIT SP month SP 4DIGIT SP time SP "GMT".
    private const string Pattern = "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'";

    /// <summary>
    /// Parses e.g. <c>Tue, 16 Aug 2016 19:23:38 GMT</c> into a UTC time. A null or empty value fails with
    /// <see cref="ParseErrorCode.Empty"/>; anything else that is not exactly that 29-character form fails
    /// with <see cref="ParseErrorCode.InvalidDate"/> at position 0.
    /// </summary>
    /// <param name="value">The Date header value, or null when the header is absent.</param>
    public static ParseResult<DateTimeOffset> TryParse(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return ParseResult<DateTimeOffset>.Fail(ParseErrorCode.Empty, 0, "no Date value");
        }
        // Fixed width (29 chars) keeps out one-digit days and stray whitespace that ParseExact tolerates.
        if (value.Length != 29 || !DateTime.TryParseExact(value, Pattern, CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return ParseResult<DateTimeOffset>.Fail(ParseErrorCode.InvalidDate, 0, "not an RFC 1123 date in GMT (e.g. 'Tue, 16 Aug 2016 19:23:38 GMT')");
        }
        return ParseResult<DateTimeOffset>.Ok(new DateTimeOffset(DateTime.SpecifyKind(parsed, DateTimeKind.Utc)));
    }

    /// <summary>Formats a time as an RFC 1123 GMT date (sub-second precision is dropped).</summary>
    public static string Format(DateTimeOffset date) =>
        date.UtcDateTime.ToString(Pattern, CultureInfo.InvariantCulture);
}
