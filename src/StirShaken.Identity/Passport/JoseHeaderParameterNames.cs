namespace StirShaken.Identity.Passport;

/// <summary>
/// Names of the JOSE header parameters a PASSporT may carry (RFC 7515 §4.1, RFC 8225 §4, RFC 8225 §8.1).
/// </summary>
public static class JoseHeaderParameterNames
{
    /// <summary><c>alg</c>: the signature algorithm (RFC 7515 §4.1.1); <see cref="JoseAlgorithms.ES256"/> for SHAKEN.</summary>
    public const string Alg = "alg";

    /// <summary><c>typ</c>: the media type of the token (RFC 7515 §4.1.9); <see cref="PassportMediaTypes.Passport"/> (RFC 8225 §4.1).</summary>
    public const string Typ = "typ";

    /// <summary><c>ppt</c>: the PASSporT extension (RFC 8225 §8.1), one of <see cref="PassportTypes"/>.</summary>
    public const string Ppt = "ppt";

    /// <summary><c>x5u</c>: the URL of the signer's certificate chain (RFC 7515 §4.1.5, RFC 8225 §4.3).</summary>
    public const string X5u = "x5u";

    /// <summary><c>crit</c>: extensions the recipient must understand (RFC 7515 §4.1.11); a non-empty array of names.</summary>
    public const string Crit = "crit";

    /// <summary><c>kid</c>: a key identifier (RFC 7515 §4.1.4).</summary>
    public const string Kid = "kid";

    /// <summary><c>jku</c>: a JWK Set URL (RFC 7515 §4.1.2).</summary>
    public const string Jku = "jku";

    /// <summary><c>jwk</c>: the signer's public key as a JWK (RFC 7515 §4.1.3).</summary>
    public const string Jwk = "jwk";

    /// <summary><c>x5c</c>: the certificate chain inline (RFC 7515 §4.1.6).</summary>
    public const string X5c = "x5c";

    /// <summary><c>x5t</c>: SHA-1 certificate thumbprint (RFC 7515 §4.1.7).</summary>
    public const string X5t = "x5t";

    /// <summary><c>x5t#S256</c>: SHA-256 certificate thumbprint (RFC 7515 §4.1.8).</summary>
    public const string X5tS256 = "x5t#S256";

    /// <summary><c>cty</c>: the content type of the payload (RFC 7515 §4.1.10).</summary>
    public const string Cty = "cty";
}
