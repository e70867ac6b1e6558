namespace StirShaken.Identity.Passport;

/// <summary>Values of the JOSE <c>typ</c> header parameter (RFC 7515 §4.1.9) used by PASSporT.</summary>
public static class PassportMediaTypes
{
    /// <summary><c>passport</c>: the only <c>typ</c> a PASSporT has (RFC 8225 §4.1).</summary>
    public const string Passport = "passport";
}
