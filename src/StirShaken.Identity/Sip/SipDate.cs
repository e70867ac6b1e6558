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
        if (value.Length == 29 && TryParseCanonical(value) is { } fast)
        {
            return ParseResult<DateTimeOffset>.Ok(fast);
        }

        // Fixed width (29 chars) keeps out one-digit days and stray whitespace that ParseExact tolerates.
        if (value.Length != 29 || !DateTime.TryParseExact(value, Pattern, CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return ParseResult<DateTimeOffset>.Fail(ParseErrorCode.InvalidDate, 0, "not an RFC 1123 date in GMT (e.g. 'Tue, 16 Aug 2016 19:23:38 GMT')");
        }
        return ParseResult<DateTimeOffset>.Ok(new DateTimeOffset(DateTime.SpecifyKind(parsed, DateTimeKind.Utc)));
    }

    private static readonly string[] Weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
    private static readonly string[] Months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    // The form every sender writes (RFC 3261 §25.1, names capitalized as there) read field by field: the Date of each
    // verified request without DateTime.TryParseExact's general machinery (README "Performance"). Anything else, or an
    // impossible date or wrong weekday, returns null and is judged by TryParseExact, so the results are the same.
    private static DateTimeOffset? TryParseCanonical(string value)
    {
        var text = value.AsSpan();
        if (text[3] != ',' || text[4] != ' ' || text[7] != ' ' || text[11] != ' ' || text[16] != ' ' || text[19] != ':' || text[22] != ':' || !text[25..].SequenceEqual(" GMT"))
        {
            return null;
        }

        var month = 0;
        for (var i = 0; i < Months.Length && month == 0; i++)
        {
            month = text.Slice(8, 3).SequenceEqual(Months[i]) ? i + 1 : 0;
        }

        if (month == 0 || !TwoDigits(text[5..7], out var day) || !TwoDigits(text[12..14], out var century) || !TwoDigits(text[14..16], out var yearInCentury)
            || !TwoDigits(text[17..19], out var hour) || !TwoDigits(text[20..22], out var minute) || !TwoDigits(text[23..25], out var second))
        {
            return null;
        }

        var year = (century * 100) + yearInCentury;
        if (year < 1 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return null;
        }

        var date = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc);
        return text[..3].SequenceEqual(Weekdays[(int)date.DayOfWeek]) ? new DateTimeOffset(date) : null;
    }

    private static bool TwoDigits(ReadOnlySpan<char> digits, out int value)
    {
        value = ((digits[0] - '0') * 10) + (digits[1] - '0');
        return char.IsAsciiDigit(digits[0]) && char.IsAsciiDigit(digits[1]);
    }

    /// <summary>Formats a time as an RFC 1123 GMT date (sub-second precision is dropped).</summary>
    public static string Format(DateTimeOffset date) =>
        date.UtcDateTime.ToString(Pattern, CultureInfo.InvariantCulture);
}
