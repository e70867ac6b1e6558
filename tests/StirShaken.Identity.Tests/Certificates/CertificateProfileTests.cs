using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using StirShaken.Identity.Certificates;
using StirShaken.Identity.Testing;

namespace StirShaken.Identity.Tests.Certificates;

/// <summary>The seams of <see cref="CertificateValidator"/>: a pluggable leaf profile and several trust stores.</summary>
[TestFixture]
public sealed class CertificateProfileTests
{
    private static readonly DateTimeOffset PkiStart = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset At = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private TestPki _sti = null!;
    private TestPki _legacy = null!;

    [OneTimeSetUp]
    public void CreatePkis()
    {
        _sti = TestPki.Create("1234", PkiStart);
        _legacy = TestPki.Create("5678", PkiStart);
    }

    [OneTimeTearDown]
    public void DisposePkis()
    {
        _sti.Dispose();
        _legacy.Dispose();
    }

    /// <summary>A stand-in for another profile (e.g. RFC 4474 domain certificates): any key, no TNAuthList, counts its calls.</summary>
    private sealed class AnyKeyProfile(IReadOnlyCollection<string>? handled = null) : ICertificateProfile
    {
        public int Calls;

        public IReadOnlyCollection<string> HandledCriticalExtensions { get; } = handled ?? [];

        public CertificateValidationResult Validate(X509Certificate2 leaf)
        {
            Interlocked.Increment(ref Calls);
            return CertificateValidationResult.Valid(leaf, (AsymmetricAlgorithm?)leaf.GetECDsaPublicKey() ?? leaf.GetRSAPublicKey()!);
        }
    }

    private (CertificateChain Chain, ECDsa Key) Issue(TestLeafOptions options) => _sti.IssueLeaf(options);

    [Test]
    public void DefaultProfile_IsSti_AndYieldsAnEcdsaKeyAndTheTnAuthList()
    {
        var validator = new CertificateValidator(_sti.TrustAnchors);
        var result = validator.Validate(_sti.Chain, At);
        Assert.Multiple(() =>
        {
            Assert.That(validator.Profile, Is.InstanceOf<StiCertificateProfile>());
            Assert.That(result.IsSuccess, Is.True, result.Detail);
            Assert.That(result.PublicKey, Is.InstanceOf<ECDsa>());
            Assert.That(result.TnAuthList!.ServiceProviderCodes, Is.EqualTo(new[] { "1234" }));
        });
    }

    [Test]
    public void CustomProfile_ReplacesTheStiLeafRules()
    {
        var (chain, key) = Issue(new TestLeafOptions { Spc = null });
        using (key)
        {
            var profile = new AnyKeyProfile();
            var custom = new CertificateValidator(_sti.TrustAnchors, profile).Validate(chain, At);
            var sti = new CertificateValidator(_sti.TrustAnchors).Validate(chain, At);
            Assert.Multiple(() =>
            {
                Assert.That(sti.Failure, Is.EqualTo(CertificateFailure.MissingTnAuthList), "the STI profile needs a TNAuthList");
                Assert.That(custom.IsSuccess, Is.True, custom.Detail);
                Assert.That(custom.TnAuthList, Is.Null);
                Assert.That(custom.Spc, Is.Null);
                Assert.That(custom.PublicKey, Is.Not.Null);
                Assert.That(profile.Calls, Is.EqualTo(1));
            });
        }
    }

    [Test]
    public void CustomProfile_RunsOnlyAfterPathValidation()
    {
        var profile = new AnyKeyProfile();
        var result = new CertificateValidator(_legacy.TrustAnchors, profile).Validate(_sti.Chain, At);
        Assert.Multiple(() =>
        {
            Assert.That(result.Failure, Is.EqualTo(CertificateFailure.Untrusted));
            Assert.That(profile.Calls, Is.Zero);
        });
    }

    [Test]
    public void CustomProfile_ValidResultIsCachedPerChain()
    {
        var profile = new AnyKeyProfile();
        var validator = new CertificateValidator(_sti.TrustAnchors, profile);
        var first = validator.Validate(_sti.Chain, At);
        var second = validator.Validate(_sti.Chain, At.AddDays(1));
        Assert.Multiple(() =>
        {
            Assert.That(second, Is.SameAs(first));
            Assert.That(profile.Calls, Is.EqualTo(1));
        });
    }

    [Test]
    public void CriticalExtension_IsUnderstoodOnlyWhenTheProfileHandlesIt()
    {
        var (chain, key) = Issue(new TestLeafOptions { CriticalTnAuthList = true });
        using (key)
        {
            var unaware = new CertificateValidator(_sti.TrustAnchors, new AnyKeyProfile()).Validate(chain, At);
            var aware = new CertificateValidator(_sti.TrustAnchors, new AnyKeyProfile([TnAuthList.Oid])).Validate(chain, At);
            var sti = new CertificateValidator(_sti.TrustAnchors).Validate(chain, At);
            Assert.Multiple(() =>
            {
                Assert.That(unaware.Failure, Is.EqualTo(CertificateFailure.Untrusted));
                Assert.That(unaware.Detail, Does.Contain(TnAuthList.Oid));
                Assert.That(aware.IsSuccess, Is.True, aware.Detail);
                Assert.That(sti.IsSuccess, Is.True, sti.Detail);
            });
        }
    }

    [Test]
    public void CombinedStore_TrustsBothDomains_SeparateStoresStaySeparate()
    {
        var combined = new CertificateValidator(TrustAnchorStore.Combine(_sti.TrustAnchors, _legacy.TrustAnchors));
        var stiOnly = new CertificateValidator(_sti.TrustAnchors);
        var legacyOnly = new CertificateValidator(_legacy.TrustAnchors, new AnyKeyProfile());
        Assert.Multiple(() =>
        {
            Assert.That(combined.TrustAnchors.Anchors, Has.Count.EqualTo(2));
            Assert.That(combined.Validate(_sti.Chain, At).IsSuccess, Is.True);
            Assert.That(combined.Validate(_legacy.Chain, At).IsSuccess, Is.True);
            Assert.That(stiOnly.Validate(_sti.Chain, At).IsSuccess, Is.True);
            Assert.That(stiOnly.Validate(_legacy.Chain, At).Failure, Is.EqualTo(CertificateFailure.Untrusted));
            Assert.That(legacyOnly.Validate(_legacy.Chain, At).IsSuccess, Is.True);
            Assert.That(legacyOnly.Validate(_sti.Chain, At).Failure, Is.EqualTo(CertificateFailure.Untrusted));
        });
    }

    [Test]
    public void Combine_RemovesDuplicates_AndNeedsAStore()
    {
        Assert.Multiple(() =>
        {
            Assert.That(TrustAnchorStore.Combine(_sti.TrustAnchors, _sti.TrustAnchors).Anchors, Has.Count.EqualTo(1));
            Assert.That(() => TrustAnchorStore.Combine(), Throws.ArgumentException);
            Assert.That(() => TrustAnchorStore.Combine(_sti.TrustAnchors, null!), Throws.ArgumentNullException);
        });
    }
}
