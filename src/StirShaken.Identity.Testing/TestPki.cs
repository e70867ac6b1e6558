using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using StirShaken.Identity.Certificates;

namespace StirShaken.Identity.Testing;

/// <summary>
/// A throw-away STI PKI for tests and samples: an STI-CA root, an intermediate, and a service
/// provider (leaf) certificate with a TNAuthList SPC and a P-256 key. NEVER use in production.
/// </summary>
public sealed partial class TestPki : IDisposable
{
    /// <summary>The certificate policy OID put on leaves by default (the SHAKEN CP, ATIS-1000080).</summary>
    public const string DefaultPolicyOid = "2.16.840.1.114569.1.1.3";

    private readonly ECDsa _rootKey;
    private readonly ECDsa _intermediateKey;
    private readonly X509Certificate2 _root;
    private readonly X509Certificate2 _intermediate;
    private readonly X509Certificate2 _intermediatePublic;
    private readonly X509SubjectKeyIdentifierExtension _intermediateSki;
    private readonly DateTimeOffset _notBefore;
    private readonly TimeSpan _validity;
    private readonly CertificateChain _chain;
    private readonly ECDsa _leafKey;
    private readonly string _spc;
    private readonly TrustAnchorStore _trustAnchors;
    private bool _disposed;
    private int _crlNumber;

    private TestPki(string spc, DateTimeOffset notBefore, TimeSpan validity)
    {
        _spc = spc;
        _notBefore = notBefore;
        _validity = validity;

        // CAs outlive every default leaf, so leaf validity tests only ever trip on the leaf.
        var caNotAfter = notBefore.Add(validity).AddYears(10);
        _rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var rootName = CaName("Test STI-CA ROOT");
        var rootSki = SubjectKeyIdentifier(_rootKey);
        using (var rootPublic = Issue(rootName, _rootKey, rootName, _rootKey, null, notBefore, caNotAfter, CaExtensions(pathLength: null, rootSki)))
        {
            _root = rootPublic.CopyWithPrivateKey(_rootKey);
        }

        _intermediateKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        _intermediateSki = SubjectKeyIdentifier(_intermediateKey);
        _intermediatePublic = Issue(CaName("Test STI-CA SHAKEN Intermediate"), _intermediateKey, rootName, _rootKey, rootSki, notBefore, caNotAfter,
            CaExtensions(pathLength: 0, _intermediateSki));
        _intermediate = _intermediatePublic.CopyWithPrivateKey(_intermediateKey);
        _trustAnchors = TrustAnchorStore.FromCertificates([_root]);
        (_chain, _leafKey) = IssueLeaf(new TestLeafOptions { Spc = spc });
    }

    /// <summary>The root (trust anchor) certificate (with private key).</summary>
    public X509Certificate2 Root => _root;

    /// <summary>The intermediate CA certificate (with private key).</summary>
    public X509Certificate2 Intermediate => _intermediate;

    /// <summary>The service-provider (leaf) certificate, <c>CN=SHAKEN &lt;SPC&gt;</c>.</summary>
    public X509Certificate2 Leaf => _chain.Leaf;

    /// <summary>The leaf's P-256 private key (for signing PASSporTs).</summary>
    public ECDsa LeafKey => _leafKey;

    /// <summary>The SPC in the leaf's TNAuthList.</summary>
    public string Spc => _spc;

    /// <summary>The chain as served at x5u: leaf, then intermediate.</summary>
    public CertificateChain Chain => _chain;

    /// <summary>A trust-anchor store holding <see cref="Root"/>.</summary>
    public TrustAnchorStore TrustAnchors => _trustAnchors;

    /// <summary>The start of the PKI's validity (and of default leaves).</summary>
    public DateTimeOffset NotBefore => _notBefore;

    /// <summary>The default leaf validity.</summary>
    public TimeSpan Validity => _validity;

    /// <summary>Root certificate as PEM.</summary>
    public string RootPem => _root.ExportCertificatePem() + "\n";

    /// <summary>Intermediate certificate as PEM.</summary>
    public string IntermediatePem => _intermediatePublic.ExportCertificatePem() + "\n";

    /// <summary>Leaf + intermediate as PEM (what an STI-CR would serve).</summary>
    public string ChainPem => _chain.ToPem();

    /// <summary>The leaf private key as PKCS#8 PEM.</summary>
    public string LeafKeyPem => _leafKey.ExportPkcs8PrivateKeyPem() + "\n";

    /// <summary>
    /// Creates a PKI valid from <paramref name="notBefore"/> (default: one day before now) for
    /// <paramref name="validity"/> (default: one year).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="spc"/> is not a valid SPC.</exception>
    public static TestPki Create(string spc = "1234", DateTimeOffset? notBefore = null, TimeSpan? validity = null) =>
        Create(TimeProvider.System, spc, notBefore, validity);

    /// <summary>
    /// Creates a PKI valid from <paramref name="notBefore"/> (default: one day before
    /// <paramref name="timeProvider"/>'s now) for <paramref name="validity"/> (default: one year).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="spc"/> is not a valid SPC.</exception>
    public static TestPki Create(TimeProvider timeProvider, string spc = "1234", DateTimeOffset? notBefore = null, TimeSpan? validity = null)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentException.ThrowIfNullOrEmpty(spc);

        // Certificates carry whole seconds; truncating keeps NotBefore equal to what the certificate says.
        var start = notBefore ?? timeProvider.GetUtcNow().AddDays(-1);
        start = DateTimeOffset.FromUnixTimeSeconds(start.ToUnixTimeSeconds());
        var length = validity ?? TimeSpan.FromDays(365);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(length, TimeSpan.Zero, nameof(validity));
        return new TestPki(spc, start, length);
    }

    /// <summary>Writes root.pem, intermediate.pem, sp.pem, sp-key.pem and chain.pem to a folder (created if needed).</summary>
    public void WriteTo(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ObjectDisposedException.ThrowIf(_disposed, this);
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "root.pem"), RootPem);
        File.WriteAllText(Path.Combine(directory, "intermediate.pem"), IntermediatePem);
        File.WriteAllText(Path.Combine(directory, "sp.pem"), Leaf.ExportCertificatePem() + "\n");
        File.WriteAllText(Path.Combine(directory, "sp-key.pem"), LeafKeyPem);
        File.WriteAllText(Path.Combine(directory, "chain.pem"), ChainPem);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _leafKey.Dispose();
        _intermediateKey.Dispose();
        _rootKey.Dispose();
        _intermediate.Dispose();
        _intermediatePublic.Dispose();
        _root.Dispose();
        _chain.Leaf.Dispose();
    }
}
