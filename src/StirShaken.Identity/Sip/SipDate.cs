namespace StirShaken.Identity.Sip;

/// <summary>The SIP <c>Date</c> header (RFC 3261 §20.17: RFC 1123 date, always GMT).</summary>
public static class SipDate
{
    /// <summary>Parses e.g. <c>Tue, 16 Aug 2016 19:23:38 GMT</c>. Returns false for anything else.</summary>
    public static bool TryParse(string? value, out DateTimeOffset date) => throw new NotImplementedException();

    /// <summary>Formats a time as an RFC 1123 GMT date.</summary>
    public static string Format(DateTimeOffset date) => throw new NotImplementedException();
}
