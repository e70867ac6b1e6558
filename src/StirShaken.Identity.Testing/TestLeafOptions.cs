using System.Security.Cryptography;

namespace StirShaken.Identity.Testing;

/// <summary>How <see cref="TestPki.IssueLeaf"/> shapes a leaf certificate.</summary>
public sealed class TestLeafOptions
{
    /// <summary>
    /// SPC for the TNAuthList; null = no SPC entry. The TNAuthList extension is omitted when there is
    /// neither an SPC nor <see cref="Numbers"/> nor <see cref="TnAuthListDer"/>.
    /// </summary>
    public string? Spc { get; init; } = "1234";

    /// <summary>Subject CN; default <c>SHAKEN &lt;Spc&gt;</c>.</summary>
    public string? CommonName { get; init; }

    /// <summary>Validity start; default the PKI's notBefore (one day before creation unless fixed).</summary>
    public DateTimeOffset? NotBefore { get; init; }

    /// <summary>Validity end; default the PKI's validity after <see cref="NotBefore"/>.</summary>
    public DateTimeOffset? NotAfter { get; init; }

    /// <summary>Curve; default P-256. Use P-384 for "wrong key" tests.</summary>
    public ECCurve? Curve { get; init; }

    /// <summary>Certificate policy OID; default 2.16.840.1.114569.1.1.3; null = no certificatePolicies extension.</summary>
    public string? PolicyOid { get; init; } = TestPki.DefaultPolicyOid;

    /// <summary>Single TNs to add to the TNAuthList.</summary>
    public IReadOnlyList<string>? Numbers { get; init; }

    /// <summary>Raw TNAuthList extension value to use instead of <see cref="Spc"/>/<see cref="Numbers"/> (malformed-input tests).</summary>
    public IReadOnlyList<byte>? TnAuthListDer { get; init; }

    /// <summary>Mark the TNAuthList extension critical (some STI-CAs do).</summary>
    public bool CriticalTnAuthList { get; init; }

    /// <summary>Sign with a different, untrusted CA instead of the intermediate.</summary>
    public bool SelfIssuedUntrusted { get; init; }

    /// <summary>Omit the digitalSignature key usage (the leaf gets keyAgreement only).</summary>
    public bool WithoutDigitalSignature { get; init; }

    /// <summary>URL put in a CRL distribution points extension (RFC 5280 §4.2.1.13); null = no extension.</summary>
    public string? CrlDistributionPointUrl { get; init; }

    /// <summary>
    /// JWT claim constraints to put in the leaf (RFC 8226 §8 id-pe 27, or RFC 9118 §3 id-pe 33 when enhanced), e.g. to
    /// pin <c>rcdi</c> or <c>crn</c> (RFC 9795 §6.2–§7.1); null = none.
    /// </summary>
    public Certificates.JwtClaimConstraints? ClaimConstraints { get; init; }
}
