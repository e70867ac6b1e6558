using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using StirShaken.Identity.Certificates;
using StirShaken.Identity.Testing;

namespace StirShaken.Identity.Tests.Testing;

[TestFixture]
public sealed class TestPkiTests
{
    private static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Test]
    public void Create_BuildsStiProfileCertificates()
    {
        using var pki = TestPki.Create("873J", Start);
        var leaf = pki.Leaf;
        Assert.Multiple(() =>
        {
            Assert.That(pki.Root.Subject, Does.Contain("CN=Test STI-CA ROOT"));
            Assert.That(pki.Intermediate.Subject, Does.Contain("CN=Test STI-CA SHAKEN Intermediate"));
            Assert.That(pki.Intermediate.HasPrivateKey, Is.True);
            Assert.That(leaf.GetNameInfo(X509NameType.SimpleName, false), Is.EqualTo("SHAKEN 873J"));
            Assert.That(leaf.Subject, Does.Contain("C=US"));
            Assert.That(new DateTimeOffset(leaf.NotBefore.ToUniversalTime()), Is.EqualTo(Start));
            Assert.That(leaf.Extensions[TnAuthList.Oid]!.Critical, Is.False);
            Assert.That(leaf.Extensions["2.5.29.32"], Is.Not.Null);
            Assert.That(leaf.Extensions["2.5.29.35"], Is.Not.Null);
            Assert.That(leaf.Extensions["2.5.29.15"]!.Critical, Is.True);
            Assert.That(leaf.Extensions["2.5.29.19"]!.Critical, Is.True);
            Assert.That(leaf.SerialNumberBytes.Length, Is.EqualTo(16));
            Assert.That(pki.Spc, Is.EqualTo("873J"));
            Assert.That(pki.Root.NotAfter, Is.GreaterThan(leaf.NotAfter));
        });
    }

    [Test]
    public void LeafKey_MatchesLeafCertificate()
    {
        using var pki = TestPki.Create(notBefore: Start);
        var data = "passport"u8.ToArray();
        var signature = pki.LeafKey.SignData(data, HashAlgorithmName.SHA256);
        using var publicKey = pki.Leaf.GetECDsaPublicKey()!;
        Assert.That(publicKey.VerifyData(data, signature, HashAlgorithmName.SHA256), Is.True);
    }

    [Test]
    public void Create_DefaultsToCurrentlyValidChain()
    {
        using var pki = TestPki.Create();
        var result = new CertificateValidator(pki.TrustAnchors).Validate(pki.Chain, DateTimeOffset.UtcNow);
        Assert.That(result.IsSuccess, Is.True, result.Detail);
    }

    [Test]
    public void WriteTo_WritesFilesThatReload()
    {
        using var pki = TestPki.Create("1234", Start);
        var directory = Path.Combine(Path.GetTempPath(), "stirshaken-pki-" + Guid.NewGuid().ToString("N"));
        try
        {
            pki.WriteTo(directory);
            Assert.That(Directory.GetFiles(directory).Select(Path.GetFileName).Order(), Is.EqualTo(new[] { "chain.pem", "intermediate.pem", "root.pem", "sp-key.pem", "sp.pem" }));

            var anchors = TrustAnchorStore.Load(Path.Combine(directory, "root.pem"));
            var chain = CertificateChain.TryParse(File.ReadAllBytes(Path.Combine(directory, "chain.pem")));
            Assert.That(chain.IsSuccess, Is.True, chain.Error.ToString());
            var result = new CertificateValidator(anchors).Validate(chain.Value!, Start.AddDays(30));
            Assert.That(result.IsSuccess, Is.True, result.Detail);

            using var key = ECDsa.Create();
            key.ImportFromPem(File.ReadAllText(Path.Combine(directory, "sp-key.pem")));
            Assert.That(key.ExportSubjectPublicKeyInfo(), Is.EqualTo(pki.LeafKey.ExportSubjectPublicKeyInfo()));
            var leaf = CertificateChain.TryParse(File.ReadAllBytes(Path.Combine(directory, "sp.pem")));
            Assert.That(leaf.IsSuccess, Is.True);
            Assert.That(leaf.Value!.Leaf.Thumbprint, Is.EqualTo(pki.Leaf.Thumbprint));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    public void IssueLeaf_WithoutSpcOrNumbers_OmitsTnAuthList()
    {
        using var pki = TestPki.Create(notBefore: Start);
        var (chain, key) = pki.IssueLeaf(new TestLeafOptions { Spc = null });
        using (key)
        {
            Assert.That(chain.Leaf.Extensions[TnAuthList.Oid], Is.Null);
        }
    }

    [Test]
    public void IssueLeaf_SelfIssuedUntrusted_UsesAnotherIssuer()
    {
        using var pki = TestPki.Create(notBefore: Start);
        var (chain, key) = pki.IssueLeaf(new TestLeafOptions { SelfIssuedUntrusted = true });
        using (key)
        {
            Assert.That(chain.Leaf.Issuer, Is.Not.EqualTo(pki.Intermediate.Subject));
        }
    }

    [Test]
    public void Dispose_IsIdempotent()
    {
        var pki = TestPki.Create(notBefore: Start);
        pki.Dispose();
        Assert.That(pki.Dispose, Throws.Nothing);
        Assert.That(() => pki.IssueLeaf(new TestLeafOptions()), Throws.InstanceOf<ObjectDisposedException>());
    }

    [Test]
    public void Create_TakesNowFromTheTimeProvider()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2031, 3, 4, 5, 6, 7, TimeSpan.Zero));
        using var pki = TestPki.Create(clock);
        Assert.That(pki.NotBefore, Is.EqualTo(new DateTimeOffset(2031, 3, 3, 5, 6, 7, TimeSpan.Zero)));
    }
}
