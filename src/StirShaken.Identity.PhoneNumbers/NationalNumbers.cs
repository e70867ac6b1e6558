using PhoneNumbers;
using StirShaken.Identity.Verification;

namespace StirShaken.Identity.PhoneNumbers;

/// <summary>
/// National numbers → E.164 for carriers whose From/P-Asserted-Identity carries national numbers (e.g. 10-digit NANP
/// <c>2155551212</c>), as the RFC 8224 §8.3 step 2 hook <see cref="VerifierOptions.NormalizeNumber"/>. Built on
/// libphonenumber-csharp (Google's metadata), kept out of the core package so it stays small.
/// </summary>
public static class NationalNumbers
{
    /// <summary>
    /// A <see cref="VerifierOptions.NormalizeNumber"/> hook for <paramref name="regionCode"/>: a number that is valid as a
    /// national number of that region (with or without its country code) becomes its E.164 digits without '+'
    /// (<c>2155551212</c> → <c>12155551212</c> for <c>US</c>); any other number is returned unchanged.
    /// </summary>
    /// <param name="regionCode">An ISO 3166-1 alpha-2 region known to libphonenumber, e.g. <c>US</c>, <c>CA</c>, <c>FR</c> (case-insensitive).</param>
    /// <exception cref="ArgumentException"><paramref name="regionCode"/> is not a region libphonenumber knows.</exception>
    public static Func<string, string> ForRegion(string regionCode)
    {
        ArgumentNullException.ThrowIfNull(regionCode);
        var util = PhoneNumberUtil.GetInstance();
        var region = regionCode.Trim().ToUpperInvariant();
        if (!util.GetSupportedRegions().Contains(region))
        {
            throw new ArgumentException($"'{regionCode}' is not a region code (ISO 3166-1 alpha-2, e.g. US, CA, FR).", nameof(regionCode));
        }

        return number => ToE164Digits(util, number, region);
    }

    /// <summary>Sets <see cref="VerifierOptions.NormalizeNumber"/> to <see cref="ForRegion"/> and returns <paramref name="options"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="regionCode"/> is not a region libphonenumber knows.</exception>
    public static VerifierOptions UseDefaultRegion(this VerifierOptions options, string regionCode)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.NormalizeNumber = ForRegion(regionCode);
        return options;
    }

    private static string ToE164Digits(PhoneNumberUtil util, string number, string region)
    {
        if (string.IsNullOrEmpty(number))
        {
            return number;
        }

        try
        {
            var parsed = util.Parse(number, region);
            return util.IsValidNumberForRegion(parsed, region) ? util.Format(parsed, PhoneNumberFormat.E164).TrimStart('+') : number;
        }
        catch (NumberParseException)
        {
            return number;
        }
    }
}
