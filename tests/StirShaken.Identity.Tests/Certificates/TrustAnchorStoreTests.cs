using System.Security.Cryptography.X509Certificates;
using StirShaken.Identity.Certificates;
using StirShaken.Identity.Testing;

namespace StirShaken.Identity.Tests.Certificates;

[TestFixture]
public sealed class TrustAnchorStoreTests
{
    private TestPki _pki = null!;
    private TestPki _other = null!;
    private string _directory = null!;

    [OneTimeSetUp]
    public void CreatePkis()
    {
        var start = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        _pki = TestPki.Create("1234", start);
        _other = TestPki.Create("5678", start);
    }

    [OneTimeTearDown]
    public void DisposePkis()
    {
        _pki.Dispose();
        _other.Dispose();
    }

    [SetUp]
    public void CreateDirectory()
    {
        _directory = Path.Combine(Path.GetTempPath(), "stirshaken-anchors-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
    }

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    [Test]
    public void FromPem_ReadsEveryCertificate()
    {
        var store = TrustAnchorStore.FromPem(_pki.RootPem + _other.RootPem);
        Assert.That(store.Anchors.Select(a => a.Thumbprint), Is.EqualTo(new[] { _pki.Root.Thumbprint, _other.Root.Thumbprint }));
    }

    [Test]
    public void FromCertificates_RemovesDuplicates()
    {
        Assert.That(TrustAnchorStore.FromCertificates([_pki.Root, _pki.Root]).Anchors, Has.Count.EqualTo(1));
    }

    [Test]
    public void EmptyStore_IsAnError()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => TrustAnchorStore.FromCertificates([]), Throws.ArgumentException);
            Assert.That(() => TrustAnchorStore.FromPem("no certificates here"), Throws.ArgumentException);
            Assert.That(() => TrustAnchorStore.Load(_directory), Throws.ArgumentException);
        });
    }

    [Test]
    public void Load_ReadsPemFile()
    {
        var path = Path.Combine(_directory, "roots.pem");
        File.WriteAllText(path, _pki.RootPem + _other.RootPem);
        Assert.That(TrustAnchorStore.Load(path).Anchors, Has.Count.EqualTo(2));
    }

    [Test]
    public void Load_ReadsDerFile()
    {
        var path = Path.Combine(_directory, "root.cer");
        File.WriteAllBytes(path, _pki.Root.RawData);
        Assert.That(TrustAnchorStore.Load(path).Anchors.Single().Thumbprint, Is.EqualTo(_pki.Root.Thumbprint));
    }

    [Test]
    public void Load_ReadsFolderPemCrtAndCer_AndIgnoresOtherFiles()
    {
        File.WriteAllText(Path.Combine(_directory, "a.pem"), _pki.RootPem);
        File.WriteAllBytes(Path.Combine(_directory, "b.CRT"), _other.Root.RawData);
        File.WriteAllText(Path.Combine(_directory, "readme.txt"), "not a certificate");
        var store = TrustAnchorStore.Load(_directory);
        Assert.That(store.Anchors, Has.Count.EqualTo(2));
    }

    [Test]
    public void Load_LoadedAnchorsValidateChain()
    {
        _pki.WriteTo(_directory);
        var store = TrustAnchorStore.Load(Path.Combine(_directory, "root.pem"));
        var result = new CertificateValidator(store).Validate(_pki.Chain, new DateTimeOffset(2025, 6, 1, 0, 0, 0, TimeSpan.Zero));
        Assert.That(result.IsSuccess, Is.True, result.Detail);
    }

    [TestCase("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", TestName = "Load_BadPemFile_ErrorNamesTheFile")]
    [TestCase("hello", TestName = "Load_TextFileWithoutCertificate_ErrorNamesTheFile")]
    [TestCase("-----BEGIN CERTIFICATE-----\nMIIB", TestName = "Load_TruncatedPemFile_ErrorNamesTheFile")]
    public void Load_BadFile_ErrorNamesTheFile(string content)
    {
        File.WriteAllText(Path.Combine(_directory, "good.pem"), _pki.RootPem);
        var bad = Path.Combine(_directory, "bad.pem");
        File.WriteAllText(bad, content);
        Assert.That(() => TrustAnchorStore.Load(_directory), Throws.InstanceOf<InvalidDataException>().With.Message.Contains(bad));
    }

    [Test]
    public void Load_BadDerFile_ErrorNamesTheFile()
    {
        var bad = Path.Combine(_directory, "bad.cer");
        File.WriteAllBytes(bad, [0x30, 0x03, 0x02, 0x01, 0x01]);
        Assert.That(() => TrustAnchorStore.Load(bad), Throws.InstanceOf<InvalidDataException>().With.Message.Contains(bad));
    }

    [Test]
    public void Load_MissingPath_Throws()
    {
        Assert.That(() => TrustAnchorStore.Load(Path.Combine(_directory, "missing.pem")), Throws.InstanceOf<FileNotFoundException>());
    }

    [Test]
    public void FromPem_SkipsOtherBlockTypes()
    {
        var store = TrustAnchorStore.FromPem(_pki.LeafKeyPem + _pki.RootPem);
        Assert.That(store.Anchors.Single(), Is.InstanceOf<X509Certificate2>());
    }
}
