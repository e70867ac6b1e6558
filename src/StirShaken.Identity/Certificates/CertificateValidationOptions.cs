namespace StirShaken.Identity.Certificates;

/// <summary>
/// Certificate validation settings with secure, interoperable defaults: <see cref="MaxChainLength"/> bounds
/// RFC 5280 path validation in <see cref="CertificateValidator"/>; the other members are the optional rules
/// of the STI profile (<see cref="StiCertificateProfile"/>, ATIS-1000080 §6.4.1 / RFC 8226 §9).
/// </summary>
public sealed class CertificateValidationOptions
{
    /// <summary>
    /// A NEW instance with the defaults on every call (never a shared instance: a configuration binder or a
    /// configure lambda that sets a property changes only its own copy).
    /// </summary>
    public static CertificateValidationOptions Default => new();

    /// <summary>
    /// Require the leaf subject CN to contain <c>SHAKEN &lt;SPC&gt;</c> as whole words (ATIS-1000080 §6.4.1), e.g.
    /// <c>SHAKEN 1234</c>, <c>NCTC SHAKEN 0573</c>, <c>ATT SHAKEN 4036</c>. Off by default: many certificates in real
    /// traffic do not follow it (e.g. <c>CN=SHAKEN Matrix 3058</c>; 9 of the 31 chains of the real-certificate regression set).
    /// </summary>
    public bool RequireSubjectCnMatchesSpc { get; set; }

    /// <summary>
    /// Certificate-policy OIDs accepted on the leaf (e.g. <c>2.16.840.1.114569.1.1.3</c>). Null or empty = any.
    /// </summary>
    public IReadOnlyCollection<string>? AcceptedPolicyOids { get; set; }

    /// <summary>Require an SPC entry in the TNAuthList (ATIS-1000080 §6.4.1). Default true.</summary>
    public bool RequireSpc { get; set; } = true;

    /// <summary>Maximum chain length (leaf + intermediates + anchor). Default 5.</summary>
    public int MaxChainLength { get; set; } = 5;
}
