namespace StirShaken.Identity.Certificates;

/// <summary>
/// Validates an STI certificate chain (RFC 8226, ATIS-1000080, RFC 5280 path validation) against
/// the configured trust anchors at a given time. Thread-safe and reusable; never throws on
/// malformed certificates.
/// </summary>
public sealed class CertificateValidator
{
    /// <summary>Creates a validator.</summary>
    public CertificateValidator(TrustAnchorStore trustAnchors, CertificateValidationOptions? options = null) => throw new NotImplementedException();

    /// <summary>The trust anchors.</summary>
    public TrustAnchorStore TrustAnchors => throw new NotImplementedException();

    /// <summary>The options.</summary>
    public CertificateValidationOptions Options => throw new NotImplementedException();

    /// <summary>
    /// Builds leaf → intermediates (from <paramref name="chain"/>) → anchor and checks signatures,
    /// validity at <paramref name="at"/>, basic constraints and key usage, the P-256 leaf key,
    /// TNAuthList (SPC), and the optional CN and policy rules.
    /// </summary>
    public CertificateValidationResult Validate(CertificateChain chain, DateTimeOffset at) => throw new NotImplementedException();
}
