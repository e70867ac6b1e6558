namespace StirShaken.Identity.Passport;

/// <summary>Values of the JOSE <c>alg</c> header parameter (RFC 7518 §3.1) used by PASSporT.</summary>
public static class JoseAlgorithms
{
    /// <summary><c>ES256</c>: ECDSA with P-256 and SHA-256 (RFC 7518 §3.4); mandatory for PASSporT (RFC 8225 §4.2) and the only one SHAKEN allows (ATIS-1000074 §5.3.1).</summary>
    public const string ES256 = "ES256";
}
