using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using StirShaken.Identity.Certificates;

namespace StirShaken.Identity.Tests.Certificates;

/// <summary>
/// Issue 8 §7: path building by name chaining and signature (RFC 5280 §6), not by the Authority Key Identifier.
/// An STI-CA renewed its intermediate with the same name and key under a new serial; leaves whose AKI still names
/// the old serial (authorityCertIssuer + serial) must validate with the renewed intermediate, and when both are
/// served the valid path wins over the expired one. Also: an intermediate configured as the trust anchor.
/// </summary>
public class PathBuildingTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private Pki _pki = null!;

    [OneTimeSetUp]
    public void Create() => _pki = new Pki();

    [OneTimeTearDown]
    public void Dispose() => _pki.Dispose();

    private static CertificateChain Chain(params X509Certificate2[] certificates) => CertificateChain.FromCertificates(certificates);

    [Test]
    public void Leaf_whose_aki_names_the_old_serial_validates_with_the_renewed_intermediate()
    {
        var result = new CertificateValidator(TrustAnchorStore.FromCertificates([_pki.Root])).Validate(Chain(_pki.Leaf, _pki.Renewed), Now);
        TestContext.Out.WriteLine($"platform chain builder alone: {PlatformVerdict(_pki.Root, _pki.Leaf, _pki.Renewed)}");
        Assert.Multiple(() =>
        {
            Assert.That(result.IsSuccess, Is.True, result.Detail);
            Assert.That(result.Spc, Is.EqualTo("1234"));
        });
    }

    [Test]
    public void When_both_instances_are_served_the_valid_path_wins_over_the_expired_one()
    {
        var validator = new CertificateValidator(TrustAnchorStore.FromCertificates([_pki.Root]));
        var oldFirst = validator.Validate(Chain(_pki.Leaf, _pki.Old, _pki.Renewed), Now);
        var renewedFirst = validator.Validate(Chain(_pki.Leaf, _pki.Renewed, _pki.Old), Now);
        Assert.Multiple(() =>
        {
            Assert.That(oldFirst.IsSuccess, Is.True, oldFirst.Detail);
            Assert.That(renewedFirst.IsSuccess, Is.True, renewedFirst.Detail);
        });
    }

    [Test]
    public void Only_the_expired_instance_is_still_expired()
    {
        var result = new CertificateValidator(TrustAnchorStore.FromCertificates([_pki.Root])).Validate(Chain(_pki.Leaf, _pki.Old), Now);
        Assert.That(result.Failure, Is.EqualTo(CertificateFailure.Expired), result.Detail);
    }

    [Test]
    public void Same_name_but_another_key_is_untrusted()
    {
        var result = new CertificateValidator(TrustAnchorStore.FromCertificates([_pki.Root])).Validate(Chain(_pki.Leaf, _pki.Impostor), Now);
        Assert.That(result.Failure, Is.EqualTo(CertificateFailure.Untrusted), result.Detail);
    }

    [Test]
    public void An_intermediate_configured_as_the_anchor_is_honoured()
    {
        var validator = new CertificateValidator(TrustAnchorStore.FromCertificates([_pki.Renewed]));
        var withIntermediate = validator.Validate(Chain(_pki.Leaf, _pki.Renewed), Now);
        var leafAlone = validator.Validate(Chain(_pki.Leaf), Now);
        Assert.Multiple(() =>
        {
            Assert.That(withIntermediate.IsSuccess, Is.True, withIntermediate.Detail);
            Assert.That(leafAlone.IsSuccess, Is.True, leafAlone.Detail);
        });
    }

    [Test]
    public void An_expired_intermediate_anchor_says_what_happened()
    {
        var result = new CertificateValidator(TrustAnchorStore.FromCertificates([_pki.Old])).Validate(Chain(_pki.Leaf, _pki.Old), Now);
        Assert.Multiple(() =>
        {
            Assert.That(result.Failure, Is.EqualTo(CertificateFailure.Expired), result.Detail);
            Assert.That(result.Detail, Does.Contain("not self-signed"));
        });
    }

    [Test]
    public void Path_length_constraint_is_enforced_by_the_second_builder()
    {
        // The renewed intermediate under a sub-CA whose pathLen is 0 cannot have another intermediate below it.
        using var tight = new Pki(rootPathLength: 0, extraLevel: true);
        var result = new CertificateValidator(TrustAnchorStore.FromCertificates([tight.Root])).Validate(Chain(tight.Leaf, tight.Renewed, tight.Middle!), Now);
        using var loose = new Pki(extraLevel: true);
        var allowed = new CertificateValidator(TrustAnchorStore.FromCertificates([loose.Root])).Validate(Chain(loose.Leaf, loose.Renewed, loose.Middle!), Now);
        Assert.Multiple(() =>
        {
            Assert.That(result.IsSuccess, Is.False, "the root's pathLenConstraint 0 allows no intermediate below it");
            Assert.That(allowed.IsSuccess, Is.True, allowed.Detail);
        });
    }

    private static string PlatformVerdict(X509Certificate2 root, X509Certificate2 leaf, params X509Certificate2[] extra)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = Now.UtcDateTime;
        chain.ChainPolicy.ExtraStore.AddRange(extra);
        return chain.Build(leaf) ? "valid" : string.Join("; ", chain.ChainStatus.Select(s => s.Status));
    }

    /// <summary>Root → intermediate (old serial 01, expired; renewed serial 02, same name and key) → leaf with AKI naming serial 01.</summary>
    private sealed class Pki : IDisposable
    {
        private readonly ECDsa _rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        private readonly ECDsa _intermediateKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        private readonly ECDsa _leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        public Pki(int? rootPathLength = null, bool extraLevel = false)
        {
            var rootName = new X500DistinguishedName("CN=Path Test STI-CA Root, O=Test");
            var intermediateName = new X500DistinguishedName("CN=Path Test STI-CA Intermediate, O=Test");
            Root = Ca(rootName, _rootKey, rootName, _rootKey, Now.AddYears(-5), Now.AddYears(5), [0x10], rootPathLength);
            var signerName = rootName;
            var signerKey = _rootKey;
            if (extraLevel)
            {
                var middleName = new X500DistinguishedName("CN=Path Test Middle CA, O=Test");
                using var middleKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
                Middle = Ca(middleName, middleKey, rootName, _rootKey, Now.AddYears(-2), Now.AddYears(2), [0x11], null);
                signerName = middleName;
                signerKey = ECDsa.Create(middleKey.ExportParameters(true));
            }

            Old = Ca(intermediateName, _intermediateKey, signerName, signerKey, Now.AddDays(-400), Now.AddDays(-10), [0x01], null);
            Renewed = Ca(intermediateName, _intermediateKey, signerName, signerKey, Now.AddDays(-30), Now.AddDays(700), [0x02], null);
            using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            Impostor = Ca(intermediateName, otherKey, signerName, signerKey, Now.AddDays(-30), Now.AddDays(700), [0x03], null);

            var leaf = new CertificateRequest("CN=SHAKEN 1234, O=Test SP", _leafKey, HashAlgorithmName.SHA256);
            leaf.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
            leaf.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
            leaf.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(leaf.PublicKey, false));
            leaf.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.Create(
                new X509SubjectKeyIdentifierExtension(Old.PublicKey, false).SubjectKeyIdentifierBytes.ToArray(), signerName, Old.SerialNumberBytes.Span));
            leaf.CertificateExtensions.Add(new X509Extension("1.3.6.1.5.5.7.1.26", [0x30, 0x08, 0xA0, 0x06, 0x16, 0x04, (byte)'1', (byte)'2', (byte)'3', (byte)'4'], false));
            Leaf = leaf.Create(intermediateName, X509SignatureGenerator.CreateForECDsa(_intermediateKey), Now.AddDays(-20), Now.AddDays(300), [0x42]);
            if (extraLevel)
            {
                signerKey.Dispose();
            }
        }

        public X509Certificate2 Root { get; }

        public X509Certificate2? Middle { get; }

        public X509Certificate2 Old { get; }

        public X509Certificate2 Renewed { get; }

        public X509Certificate2 Impostor { get; }

        public X509Certificate2 Leaf { get; }

        public void Dispose()
        {
            _rootKey.Dispose();
            _intermediateKey.Dispose();
            _leafKey.Dispose();
        }

        private static X509Certificate2 Ca(X500DistinguishedName subject, ECDsa key, X500DistinguishedName issuer, ECDsa issuerKey, DateTimeOffset notBefore, DateTimeOffset notAfter, byte[] serial, int? pathLength)
        {
            var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, pathLength.HasValue, pathLength ?? 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
            request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
            return request.Create(issuer, X509SignatureGenerator.CreateForECDsa(issuerKey), notBefore, notAfter, serial);
        }
    }
}
