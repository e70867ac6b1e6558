using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using StirShaken.Identity.Certificates;
using StirShaken.Identity.Testing;

namespace StirShaken.Identity.Tests.Certificates;

[TestFixture]
public sealed class CertificateValidatorTests
{
    private static readonly DateTimeOffset PkiStart = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset At = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private TestPki _pki = null!;
    private CertificateValidator _validator = null!;

    [OneTimeSetUp]
    public void CreatePki()
    {
        _pki = TestPki.Create("1234", PkiStart);
        _validator = new CertificateValidator(_pki.TrustAnchors);
    }

    [OneTimeTearDown]
    public void DisposePki() => _pki.Dispose();

    private CertificateValidationResult ValidateLeaf(TestLeafOptions options, CertificateValidationOptions? validationOptions = null, DateTimeOffset? at = null)
    {
        var (chain, key) = _pki.IssueLeaf(options);
        using (key)
        {
            return new CertificateValidator(_pki.TrustAnchors, validationOptions).Validate(chain, at ?? At);
        }
    }

    private static void AssertFailure(CertificateValidationResult result, CertificateFailure expected, string? detailContains = null)
    {
        TestContext.Out.WriteLine($"{result.Failure}: {result.Detail}");
        Assert.Multiple(() =>
        {
            Assert.That(result.Failure, Is.EqualTo(expected), result.Detail);
            Assert.That(result.IsSuccess, Is.False);
            Assert.That(result.Detail, Is.Not.Null.And.Not.Empty);
            if (detailContains is not null)
            {
                Assert.That(result.Detail, Does.Contain(detailContains));
            }
        });
    }

    [Test]
    public void TestPkiChain_IsValid()
    {
        var result = _validator.Validate(_pki.Chain, At);
        Assert.That(result.IsSuccess, Is.True, result.Detail);
        Assert.Multiple(() =>
        {
            Assert.That(result.Spc, Is.EqualTo("1234"));
            Assert.That(result.Leaf, Is.SameAs(_pki.Leaf));
            Assert.That(result.TnAuthList!.ServiceProviderCodes, Is.EqualTo(new[] { "1234" }));
            Assert.That(result.PublicKey!.KeySize, Is.EqualTo(256));
        });
    }

    [Test]
    public void ChainIncludingRoot_InAnyOrder_IsValid()
    {
        var chain = CertificateChain.FromCertificates([_pki.Leaf, _pki.Root, _pki.Chain.Certificates[1]]);
        var result = _validator.Validate(chain, At);
        Assert.That(result.IsSuccess, Is.True, result.Detail);
    }

    [Test]
    public void Validator_IsThreadSafe()
    {
        var failures = 0;
        Parallel.For(0, 200, _ =>
        {
            if (!_validator.Validate(_pki.Chain, At).IsSuccess)
            {
                Interlocked.Increment(ref failures);
            }
        });
        Assert.That(failures, Is.Zero);
    }

    [Test]
    public void LeafFromOtherCa_IsRejectedAsUntrusted()
    {
        AssertFailure(ValidateLeaf(new TestLeafOptions { SelfIssuedUntrusted = true }), CertificateFailure.Untrusted, "trust anchor");
    }

    [Test]
    public void MissingIntermediate_IsRejectedAsUntrusted()
    {
        AssertFailure(_validator.Validate(CertificateChain.FromCertificates([_pki.Leaf]), At), CertificateFailure.Untrusted);
    }

    [Test]
    public void AnchorSetWithoutRoot_IsRejectedAsUntrusted()
    {
        using var other = TestPki.Create("5678", PkiStart);
        AssertFailure(new CertificateValidator(other.TrustAnchors).Validate(_pki.Chain, At), CertificateFailure.Untrusted);
    }

    [Test]
    public void LookalikeChainWithSameNames_IsRejectedAsUntrusted()
    {
        // Same issuer DNs as ours but signed by other keys: the name match alone must not be enough.
        using var other = TestPki.Create("1234", PkiStart);
        AssertFailure(_validator.Validate(other.Chain, At), CertificateFailure.Untrusted);
    }

    [Test]
    public void SelfSignedLeafConfiguredAsAnchor_IsRejectedAsUntrusted()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=SHAKEN 1234", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509Extension(TnAuthList.Oid, TnAuthList.Encode(["1234"]), false));
        using var leaf = request.CreateSelfSigned(PkiStart, PkiStart.AddYears(1));
        var validator = new CertificateValidator(TrustAnchorStore.FromCertificates([leaf]));
        AssertFailure(validator.Validate(CertificateChain.FromCertificates([leaf]), At), CertificateFailure.Untrusted, "itself a trust anchor");
    }

    [Test]
    public void ExpiredLeaf_IsRejectedAsExpired()
    {
        var result = ValidateLeaf(new TestLeafOptions { NotBefore = PkiStart, NotAfter = new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero) });
        AssertFailure(result, CertificateFailure.Expired, $"'{_pki.Leaf.Subject}' expired at 2025-03-01T00:00:00Z (verification time 2025-06-01T12:00:00Z)");
    }

    [Test]
    public void ExpiredIntermediate_IsRejectedAsExpired()
    {
        var result = ValidateLeaf(new TestLeafOptions { NotAfter = PkiStart.AddYears(20) }, at: PkiStart.AddYears(12));
        AssertFailure(result, CertificateFailure.Expired, "'CN=Test STI-CA SHAKEN Intermediate");
    }

    [Test]
    public void NotYetValidLeaf_IsRejectedAsNotYetValid()
    {
        var result = ValidateLeaf(new TestLeafOptions { NotBefore = new DateTimeOffset(2025, 7, 1, 0, 0, 0, TimeSpan.Zero) });
        AssertFailure(result, CertificateFailure.NotYetValid, "not valid before 2025-07-01T00:00:00Z");
    }

    [Test]
    public void VerificationBeforeCaValidity_IsRejectedAsNotYetValid()
    {
        AssertFailure(_validator.Validate(_pki.Chain, PkiStart.AddDays(-1)), CertificateFailure.NotYetValid);
    }

    [Test]
    public void P384Leaf_IsRejectedAsUnsupportedKey()
    {
        AssertFailure(ValidateLeaf(new TestLeafOptions { Curve = ECCurve.NamedCurves.nistP384 }), CertificateFailure.UnsupportedKey, "1.3.132.0.34");
    }

    [Test]
    public void LeafWithoutDigitalSignature_IsRejectedAsKeyUsage()
    {
        AssertFailure(ValidateLeaf(new TestLeafOptions { WithoutDigitalSignature = true }), CertificateFailure.KeyUsage, "digitalSignature");
    }

    [Test]
    public void CaCertificateAsLeaf_IsRejectedAsKeyUsage()
    {
        var chain = CertificateChain.FromCertificates([_pki.Chain.Certificates[1]]);
        AssertFailure(_validator.Validate(chain, At), CertificateFailure.KeyUsage, "cA=true");
    }

    [Test]
    public void LeafWithoutTnAuthList_IsRejectedAsMissingTnAuthList()
    {
        AssertFailure(ValidateLeaf(new TestLeafOptions { Spc = null }), CertificateFailure.MissingTnAuthList, TnAuthList.Oid);
    }

    [Test]
    public void TnAuthListWithoutSpc_IsRejectedAsInvalidTnAuthList()
    {
        AssertFailure(ValidateLeaf(new TestLeafOptions { Spc = null, Numbers = ["12155551212"] }), CertificateFailure.InvalidTnAuthList, "no SPC");
    }

    [Test]
    public void TnAuthListWithoutSpc_IsAcceptedWhenSpcNotRequired()
    {
        var result = ValidateLeaf(new TestLeafOptions { Spc = null, Numbers = ["12155551212"] }, new CertificateValidationOptions { RequireSpc = false });
        Assert.That(result.IsSuccess, Is.True, result.Detail);
        Assert.That(result.TnAuthList!.CoversNumber("12155551212"), Is.True);
    }

    [Test]
    public void MalformedTnAuthList_IsRejectedAsInvalidTnAuthList()
    {
        AssertFailure(ValidateLeaf(new TestLeafOptions { TnAuthListDer = [0x30, 0x00] }), CertificateFailure.InvalidTnAuthList, "empty");
    }

    [Test]
    public void CriticalTnAuthList_IsAccepted()
    {
        var result = ValidateLeaf(new TestLeafOptions { CriticalTnAuthList = true });
        Assert.That(result.IsSuccess, Is.True, result.Detail);
    }

    [Test]
    public void SubjectNotMatchingSpc_IsRejectedAsSubjectSpcMismatchWhenEnabled()
    {
        var options = new CertificateValidationOptions { RequireSubjectCnMatchesSpc = true };
        AssertFailure(ValidateLeaf(new TestLeafOptions { CommonName = "SHAKEN Matrix 3058" }, options), CertificateFailure.SubjectSpcMismatch, "'SHAKEN Matrix 3058'");
    }

    [Test]
    public void SubjectNotMatchingSpc_IsAcceptedWhenDisabled()
    {
        var result = ValidateLeaf(new TestLeafOptions { CommonName = "SHAKEN Matrix 3058" });
        Assert.That(result.IsSuccess, Is.True, result.Detail);
    }

    [Test]
    public void SubjectMatchingSpc_IsAcceptedWhenEnabled()
    {
        var result = _validator.Validate(_pki.Chain, At);
        var strict = new CertificateValidator(_pki.TrustAnchors, new CertificateValidationOptions { RequireSubjectCnMatchesSpc = true }).Validate(_pki.Chain, At);
        Assert.Multiple(() =>
        {
            Assert.That(result.IsSuccess, Is.True, result.Detail);
            Assert.That(strict.IsSuccess, Is.True, strict.Detail);
        });
    }

    [Test]
    public void UnlistedPolicy_IsRejectedAsPolicyNotAccepted()
    {
        var options = new CertificateValidationOptions { AcceptedPolicyOids = ["1.2.3.4"] };
        AssertFailure(new CertificateValidator(_pki.TrustAnchors, options).Validate(_pki.Chain, At), CertificateFailure.PolicyNotAccepted, TestPki.DefaultPolicyOid);
    }

    [Test]
    public void LeafWithoutPolicies_IsRejectedAsPolicyNotAcceptedWhenSetConfigured()
    {
        var options = new CertificateValidationOptions { AcceptedPolicyOids = [TestPki.DefaultPolicyOid] };
        AssertFailure(ValidateLeaf(new TestLeafOptions { PolicyOid = null }, options), CertificateFailure.PolicyNotAccepted, "no certificatePolicies");
    }

    [Test]
    public void AcceptedPolicy_IsValid()
    {
        var options = new CertificateValidationOptions { AcceptedPolicyOids = ["1.2.3.4", TestPki.DefaultPolicyOid] };
        var result = new CertificateValidator(_pki.TrustAnchors, options).Validate(_pki.Chain, At);
        Assert.That(result.IsSuccess, Is.True, result.Detail);
    }

    [Test]
    public void ChainLongerThanMaximum_IsRejectedAsUntrusted()
    {
        var options = new CertificateValidationOptions { MaxChainLength = 2 };
        AssertFailure(new CertificateValidator(_pki.TrustAnchors, options).Validate(_pki.Chain, At), CertificateFailure.Untrusted, "at most 2");
    }

    [Test]
    public void Validate_NeverThrowsOnUnrelatedOrOddCertificates()
    {
        using var rsa = RSA.Create(2048);
        using var rsaCertificate = new CertificateRequest("CN=not an STI cert", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(PkiStart, PkiStart.AddYears(1));
        var chains = new[]
        {
            CertificateChain.FromCertificates([rsaCertificate]),
            CertificateChain.FromCertificates([rsaCertificate, _pki.Leaf, _pki.Root]),
            CertificateChain.FromCertificates([_pki.Root]),
            CertificateChain.FromCertificates([_pki.Leaf, rsaCertificate]),
        };
        foreach (var chain in chains)
        {
            CertificateValidationResult? result = null;
            Assert.That(() => result = _validator.Validate(chain, At), Throws.Nothing);
            Assert.That(result!.IsSuccess, Is.False);
        }
    }

    [Test]
    public void Constructor_RejectsMaxChainLengthBelowTwo()
    {
        Assert.That(() => new CertificateValidator(_pki.TrustAnchors, new CertificateValidationOptions { MaxChainLength = 1 }), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }
}
