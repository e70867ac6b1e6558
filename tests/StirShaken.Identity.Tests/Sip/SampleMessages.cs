namespace StirShaken.Identity.Tests.Sip;

/// <summary>Shared SIP and Identity test data.</summary>
internal static class SampleMessages
{
    /// <summary>The full-form Identity value from the brief (ATIS/RFC 8588 style example).</summary>
    public const string FullIdentity =
        "eyJhbGciOiJFUzI1NiIsInBwdCI6InNoYWtlbiIsInR5cCI6InBhc3Nwb3J0IiwieDV1IjoiaHR0cHM6Ly9jZXJ0LmV4YW1wbGUub3JnL3Bhc3Nwb3J0LmNlciJ9"
        + ".eyJhdHRlc3QiOiJBIiwiZGVzdCI6eyJ0biI6WyIxMjEyNTU1MTIxMyJdfSwiaWF0IjoxNDQzMjA4MzQ1LCJvcmlnIjp7InRuIjoiMTIxNTU1NTEyMTIifSwib3JpZ2lkIjoiMTIzZTQ1NjctZTg5Yi0xMmQzLWE0NTYtNDI2NjU1NDQwMDAwIn0"
        + ".363dxPNhIsS5jtZ3zN_h8A8o560tEzlvunRvIVgAgoPBYWwrmIAu9FRQGnFXxG43tf8cEU1AbmKcZw4wHt9eoA"
        + ";info=<https://cert.example.org/passport.cer>;alg=ES256;ppt=shaken";

    /// <summary>The compact-form Identity value from the brief.</summary>
    public const string CompactIdentity =
        "..rq3pjT1hoRwakEGjHCnWSwUnshd0-zJ6F1VOgFWSjHBr8Qjpjlk-cpFYpFYsojNCpTzO3QfPOlckGaS6hEck7w"
        + ";info=<https://cert.example.org/passport.cer>;alg=ES256";

    /// <summary>The digest (token) part of <see cref="FullIdentity"/>.</summary>
    public static string FullToken => FullIdentity[..FullIdentity.IndexOf(';', StringComparison.Ordinal)];

    /// <summary>A realistic INVITE with a PAI pair, an Identity header and an SDP body.</summary>
    public static readonly string Invite = string.Join("\r\n",
        "INVITE sip:+12125551213@example.com;user=phone SIP/2.0",
        "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds",
        "Max-Forwards: 70",
        "To: <sip:+12125551213@example.com;user=phone>",
        "From: \"Alice\" <sip:+12155551212@example.com;user=phone>;tag=1928301774",
        "P-Asserted-Identity: <tel:+12155551212>, <sip:+12155551212@example.com;user=phone>",
        "Call-ID: a84b4c76e66710@pc33.atlanta.example.com",
        "CSeq: 314159 INVITE",
        "Date: Tue, 16 Aug 2016 19:23:38 GMT",
        "Contact: <sip:alice@pc33.atlanta.example.com>",
        "Identity: " + FullIdentity,
        "Content-Type: application/sdp",
        "Content-Length: 26",
        "",
        "v=0\r\no=- 0 0 IN IP4 x\r\n");
}
