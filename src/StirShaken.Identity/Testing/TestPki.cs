using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using StirShaken.Identity.Certificates;

namespace StirShaken.Identity.Testing;

/// <summary>
/// A throw-away STI PKI for tests and samples: an STI-CA root, an intermediate, and a service
/// provider (leaf) certificate with a TNAuthList SPC and a P-256 key. NEVER use in production.
/// </summary>
public sealed class TestPki : IDisposable
{
    /// <summary>The root (trust anchor) certificate.</summary>
    public X509Certificate2 Root => throw new NotImplementedException();

    /// <summary>The intermediate CA certificate (with private key).</summary>
    public X509Certificate2 Intermediate => throw new NotImplementedException();

    /// <summary>The service-provider (leaf) certificate, <c>CN=SHAKEN &lt;SPC&gt;</c>.</summary>
    public X509Certificate2 Leaf => throw new NotImplementedException();

    /// <summary>The leaf's P-256 private key (for signing PASSporTs).</summary>
    public ECDsa LeafKey => throw new NotImplementedException();

    /// <summary>The SPC in the leaf's TNAuthList.</summary>
    public string Spc => throw new NotImplementedException();

    /// <summary>The chain as served at x5u: leaf, then intermediate.</summary>
    public CertificateChain Chain => throw new NotImplementedException();

    /// <summary>A trust-anchor store holding <see cref="Root"/>.</summary>
    public TrustAnchorStore TrustAnchors => throw new NotImplementedException();

    /// <summary>Root certificate as PEM.</summary>
    public string RootPem => throw new NotImplementedException();

    /// <summary>Leaf + intermediate as PEM (what an STI-CR would serve).</summary>
    public string ChainPem => throw new NotImplementedException();

    /// <summary>The leaf private key as PKCS#8 PEM.</summary>
    public string LeafKeyPem => throw new NotImplementedException();

    /// <summary>
    /// Creates a PKI valid from <paramref name="notBefore"/> (default: one day before now) for
    /// <paramref name="validity"/> (default: one year).
    /// </summary>
    public static TestPki Create(string spc = "1234", DateTimeOffset? notBefore = null, TimeSpan? validity = null) => throw new NotImplementedException();

    /// <summary>
    /// Issues another leaf from the intermediate, for negative tests (expired, no TNAuthList,
    /// wrong curve, wrong CN, other policy...). Returns the chain (leaf + intermediate) and its key.
    /// </summary>
    public (CertificateChain Chain, ECDsa Key) IssueLeaf(TestLeafOptions options) => throw new NotImplementedException();

    /// <summary>Writes root.pem, intermediate.pem, sp.pem, sp-key.pem and chain.pem to a folder.</summary>
    public void WriteTo(string directory) => throw new NotImplementedException();

    /// <inheritdoc />
    public void Dispose() => throw new NotImplementedException();
}

/// <summary>How <see cref="TestPki.IssueLeaf"/> shapes a leaf certificate.</summary>
public sealed class TestLeafOptions
{
    /// <summary>SPC for the TNAuthList; null = omit the TNAuthList extension.</summary>
    public string? Spc { get; init; } = "1234";
    /// <summary>Subject CN; default <c>SHAKEN &lt;Spc&gt;</c>.</summary>
    public string? CommonName { get; init; }
    /// <summary>Validity start; default one day ago.</summary>
    public DateTimeOffset? NotBefore { get; init; }
    /// <summary>Validity end; default one year after <see cref="NotBefore"/>.</summary>
    public DateTimeOffset? NotAfter { get; init; }
    /// <summary>Curve; default P-256. Use P-384 for "wrong key" tests.</summary>
    public ECCurve? Curve { get; init; }
    /// <summary>Certificate policy OID; default 2.16.840.1.114569.1.1.3.</summary>
    public string? PolicyOid { get; init; } = "2.16.840.1.114569.1.1.3";
    /// <summary>Single TNs to add to the TNAuthList.</summary>
    public IReadOnlyList<string>? Numbers { get; init; }
    /// <summary>Sign with a different, untrusted CA instead of the intermediate.</summary>
    public bool SelfIssuedUntrusted { get; init; }
    /// <summary>Omit the digitalSignature key usage.</summary>
    public bool WithoutDigitalSignature { get; init; }
}
