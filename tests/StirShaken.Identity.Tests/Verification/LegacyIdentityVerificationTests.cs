using Microsoft.Extensions.DependencyInjection;
using StirShaken.Identity.Certificates;
using StirShaken.Identity.Signing;
using StirShaken.Identity.Sip;
using StirShaken.Identity.Testing;
using StirShaken.Identity.Verification;

namespace StirShaken.Identity.Tests.Verification;

/// <summary>RFC 4474 Identity + Identity-Info verification, one test per rule (README "Legacy RFC 4474 (Identity-Info)").</summary>
public class LegacyIdentityVerificationTests
{
    private LegacyCall _call = null!;

    [SetUp]
    public void SetUp() => _call = new LegacyCall();

    [TearDown]
    public void TearDown() => _call.Dispose();

    [Test]
    public async Task SignedInvite_Verifies_WithFromDomainSignerAndNoTnValidation()
    {
        var result = await _call.Verifier().VerifyAsync(_call.SignedInvite());

        Assert.That(result.Status, Is.EqualTo(VerificationStatus.Passed), result.ToString());
        Assert.That(result.IsSuccess, Is.True);
        Assert.That(result.Verstat, Is.EqualTo(Verstat.NoValidation), "no telephone number was validated");
        Assert.That(result.LegacyIdentity!.FromAddrSpec, Is.EqualTo("sip:alice@example.com"));
        Assert.That(result.LegacyIdentity.Domain, Is.EqualTo("example.com"));
        Assert.That(result.LegacyIdentity.Algorithm, Is.EqualTo("rsa-sha1"));
        Assert.That(result.SignerCertificate!.Thumbprint, Is.EqualTo(_call.Pki.Leaf.Thumbprint));
        Assert.That(result.Attestation, Is.Null);
        Assert.That(result.Orig, Is.Null);
        Assert.That(result.Headers.Single().Status, Is.EqualTo(IdentityHeaderStatus.Verified));
        Assert.That(result.ToString(), Does.Contain("legacy from=sip:alice@example.com domain=example.com"));
    }

    [Test]
    public async Task RsaSha256_Verifies()
    {
        using var signer = new LegacyIdentitySigner(_call.Pki.LeafKey, LegacyCall.InfoDer, useWeakSha1: false, _call.Clock);

        var result = await _call.Verifier().VerifyAsync(_call.SignedInvite(signer: signer));

        Assert.That(result.IsSuccess, Is.True, result.ToString());
        Assert.That(result.LegacyIdentity!.Algorithm, Is.EqualTo("rsa-sha256"));
    }

    [TestCase(LegacyCall.InfoDer, TestName = "DerCertificate_Verifies")]
    [TestCase(LegacyCall.InfoPem, TestName = "PemCertificate_Verifies")]
    public async Task DerAndPemCertificates_Verify(string url)
    {
        using var signer = new LegacyIdentitySigner(_call.Pki.LeafKey, url, timeProvider: _call.Clock);

        var result = await _call.Verifier().VerifyAsync(_call.SignedInvite(signer: signer));

        Assert.That(result.IsSuccess, Is.True, result.ToString());
    }

    [TestCase("From: \"Alice\" <sip:alice@example.com>;tag=1928301774", "From: \"Alice\" <sip:mallory@example.com>;tag=1928301774", TestName = "ChangedFrom_Is438")]
    [TestCase("To: Bob <sip:bob@biloxi.example.org>", "To: Bob <sip:carol@biloxi.example.org>", TestName = "ChangedTo_Is438")]
    [TestCase("Call-ID: a84b4c76e66710", "Call-ID: a84b4c76e66711", TestName = "ChangedCallId_Is438")]
    [TestCase("CSeq: 314159 INVITE", "CSeq: 314160 INVITE", TestName = "ChangedCSeqNumber_Is438")]
    [TestCase("CSeq: 314159 INVITE", "CSeq: 314159 OPTIONS", TestName = "ChangedCSeqMethod_Is438")]
    [TestCase("Date: Mon, 23 Nov 2026 12:00:00 GMT", "Date: Mon, 23 Nov 2026 12:00:01 GMT", TestName = "ChangedDate_Is438")]
    [TestCase("Contact: <sip:alice@192.0.2.1>", "Contact: <sip:alice@192.0.2.99>", TestName = "ChangedContact_Is438")]
    [TestCase("Contact: <sip:alice@192.0.2.1>\r\n", "", TestName = "RemovedContact_Is438")]
    [TestCase("m=audio 49172", "m=audio 49174", TestName = "ChangedBody_Is438")]
    public async Task EachDigestStringField_Changed_Is438(string signed, string received)
    {
        var invite = _call.SignedInvite();
        Assert.That(invite, Does.Contain(signed));

        var result = await _call.Verifier().VerifyAsync(invite.Replace(signed, received, StringComparison.Ordinal));

        AssertFailure(result, FailureReason.LegacyInvalidSignature, 438, "Invalid Identity Header");
        Assert.That(result.Failure!.Detail, Does.Contain("digest-string"));
        Assert.That(result.Headers.Single().Status, Is.EqualTo(IdentityHeaderStatus.Failed));
    }

    [Test]
    public async Task AddedContact_AfterSigningWithoutContact_Is438()
    {
        var invite = _call.SignedInvite(contact: false);
        var withContact = invite.Replace("CSeq: 314159 INVITE\r\n", "CSeq: 314159 INVITE\r\nContact: <sip:alice@192.0.2.1>\r\n", StringComparison.Ordinal);

        Assert.That((await _call.Verifier().VerifyAsync(invite)).IsSuccess, Is.True, "no Contact: the digest-string keeps an empty field");
        AssertFailure(await _call.Verifier().VerifyAsync(withContact), FailureReason.LegacyInvalidSignature, 438, "Invalid Identity Header");
    }

    [Test]
    public async Task FoldingCompactNamesAndHeaderParameters_DoNotChangeTheDigestString()
    {
        var invite = _call.SignedInvite()
            .Replace("From: \"Alice\" <sip:alice@example.com>;tag=1928301774", "f: \"Alice Liddell\"\r\n   <sip:alice@example.com>;tag=1928301774", StringComparison.Ordinal)
            .Replace("To: Bob <sip:bob@biloxi.example.org>", "t:\t<sip:bob@biloxi.example.org>;x=y", StringComparison.Ordinal)
            .Replace("Call-ID: ", "i:   ", StringComparison.Ordinal)
            .Replace("CSeq: 314159 INVITE", "CSeq: 314159\t  INVITE", StringComparison.Ordinal)
            .Replace("Contact: <sip:alice@192.0.2.1>", "m: \"A\" <sip:alice@192.0.2.1>;expires=60", StringComparison.Ordinal);

        var result = await _call.Verifier().VerifyAsync(invite);

        Assert.That(result.IsSuccess, Is.True, result.ToString());
    }

    [Test]
    public async Task IdentityInfo_UnderItsRfc4474CompactName_IsRead()
    {
        var invite = _call.SignedInvite().Replace("Identity-Info: ", "n: ", StringComparison.Ordinal);

        var result = await _call.Verifier().VerifyAsync(invite);

        Assert.That(result.IsSuccess, Is.True, result.ToString());
    }

    [Test]
    public async Task MissingIdentityInfo_Is436_WithTheRfc4474Phrase()
    {
        var invite = RemoveLine(_call.SignedInvite(), "Identity-Info:");

        var result = await _call.Verifier().VerifyAsync(invite);

        AssertFailure(result, FailureReason.LegacyIdentityInfoInvalid, 436, "Bad Identity-Info");
        Assert.That(result.Failure!.ToReasonHeaderValue(), Is.EqualTo("SIP ;cause=436 ;text=\"Bad Identity-Info\""));
    }

    [Test]
    public async Task MalformedIdentityInfo_Is436()
    {
        var invite = _call.SignedInvite().Replace("Identity-Info: <", "Identity-Info: ", StringComparison.Ordinal);

        AssertFailure(await _call.Verifier().VerifyAsync(invite), FailureReason.LegacyIdentityInfoInvalid, 436, "Bad Identity-Info");
    }

    [TestCase("rsa-md5")]
    [TestCase("ES256")]
    public async Task UnsupportedAlgorithm_Is437_WithTheRfc4474Phrase(string alg)
    {
        var invite = _call.SignedInvite().Replace(";alg=rsa-sha1", ";alg=" + alg, StringComparison.Ordinal);

        AssertFailure(await _call.Verifier().VerifyAsync(invite), FailureReason.LegacyUnsupportedAlgorithm, 437, "Unsupported Certificate");
    }

    [Test]
    public async Task AbsentAlg_DefaultsToRsaSha1()
    {
        var invite = _call.SignedInvite().Replace(";alg=rsa-sha1", string.Empty, StringComparison.Ordinal);

        var result = await _call.Verifier().VerifyAsync(invite);

        Assert.That(result.IsSuccess, Is.True, result.ToString());
        Assert.That(result.LegacyIdentity!.Algorithm, Is.EqualTo("rsa-sha1"));
    }

    [Test]
    public async Task RsaSha1_WhenWeakSha1IsDisabled_Is437()
    {
        var verifier = _call.Verifier(new VerifierOptions { AllowWeakRsaSha1ForLegacyIdentity = false });

        var result = await verifier.VerifyAsync(_call.SignedInvite());

        AssertFailure(result, FailureReason.LegacyUnsupportedAlgorithm, 437, "Unsupported Certificate");
        Assert.That(result.Failure!.Detail, Does.Contain("AllowWeakRsaSha1ForLegacyIdentity"));
    }

    [Test]
    public async Task CertificateFromAnotherCa_Is437()
    {
        using var other = LegacyTestPki.Create("example.com", LegacyCall.Now.AddDays(-30));

        var result = await _call.Verifier(legacyAnchors: other.TrustAnchors).VerifyAsync(_call.SignedInvite());

        AssertFailure(result, FailureReason.LegacyCertificateUntrusted, 437, "Unsupported Certificate");
    }

    [Test]
    public async Task ExpiredCertificate_Is437()
    {
        var (expired, key) = _call.Pki.IssueLeaf("example.com", "example.com", notBefore: LegacyCall.Now.AddDays(-20), notAfter: LegacyCall.Now.AddDays(-1));
        var certificates = new InMemoryCertificateSource().Add(LegacyCall.InfoDer, CertificateChain.FromCertificates([expired]));
        using var signer = new LegacyIdentitySigner(key, LegacyCall.InfoDer, timeProvider: _call.Clock);

        var result = await _call.Verifier(certificates: certificates).VerifyAsync(_call.SignedInvite(signer: signer));

        AssertFailure(result, FailureReason.LegacyCertificateUntrusted, 437, "Unsupported Certificate");
        Assert.That(result.Failure!.Detail, Does.Contain("expired").IgnoreCase);
    }

    [Test]
    public async Task CertificateForAnotherDomain_Is437()
    {
        var result = await _call.Verifier().VerifyAsync(_call.SignedInvite(from: "sip:alice@example.net"));

        AssertFailure(result, FailureReason.LegacyDomainMismatch, 437, "Unsupported Certificate");
        Assert.That(result.Failure!.Detail, Does.Contain("example.com").And.Contain("example.net"));
    }

    [Test]
    public async Task CertificateWithoutSubjectAltName_MatchesTheCommonName()
    {
        var (certificate, key) = _call.Pki.IssueLeaf("example.com", dnsName: null);
        var certificates = new InMemoryCertificateSource().Add(LegacyCall.InfoDer, CertificateChain.FromCertificates([certificate]));
        using var signer = new LegacyIdentitySigner(key, LegacyCall.InfoDer, timeProvider: _call.Clock);

        var result = await _call.Verifier(certificates: certificates).VerifyAsync(_call.SignedInvite(signer: signer));

        Assert.That(result.IsSuccess, Is.True, result.ToString());
    }

    [Test]
    public async Task Rsa1024Certificate_Is437()
    {
        var (weak, key) = _call.Pki.IssueLeaf("example.com", "example.com", keySize: 1024);
        var certificates = new InMemoryCertificateSource().Add(LegacyCall.InfoDer, CertificateChain.FromCertificates([weak]));
        var invite = SipMessage.Parse(LegacyCall.Invite(date: SipDate.Format(LegacyCall.Now)));
        var identity = Rsa1024Signature(invite, key);

        var result = await _call.Verifier(certificates: certificates).VerifyAsync(invite.WithHeaderAdded("Identity", identity).WithHeaderAdded("Identity-Info", $"<{LegacyCall.InfoDer}>;alg=rsa-sha1"));

        AssertFailure(result, FailureReason.LegacyCertificateKeyUnsupported, 437, "Unsupported Certificate");
        Assert.That(result.Failure!.Detail, Does.Contain("1024"));
    }

    [Test]
    public async Task UnreachableCertificate_Is436()
    {
        var result = await _call.Verifier(certificates: new InMemoryCertificateSource()).VerifyAsync(_call.SignedInvite());

        AssertFailure(result, FailureReason.CertificateUnavailable, 436, "Bad Identity-Info");
    }

    [Test]
    public async Task HttpIdentityInfo_IsRefusedByTheUrlPolicy_Is436()
    {
        using var signer = new LegacyIdentitySigner(_call.Pki.LeafKey, "http://example.com/cert.der", timeProvider: _call.Clock);

        var result = await _call.Verifier().VerifyAsync(_call.SignedInvite(signer: signer));

        AssertFailure(result, FailureReason.InfoUrlRefused, 436, "Bad Identity-Info");
    }

    [Test]
    public async Task MissingDate_Is403()
    {
        var invite = SipMessage.Parse(LegacyCall.Invite());
        var identity = _call.Signer.CreateIdentityValue(invite);
        var signed = invite.WithHeaderAdded("Identity", identity).WithHeaderAdded("Identity-Info", _call.Signer.IdentityInfoValue);

        var result = await _call.Verifier().VerifyAsync(signed);

        AssertFailure(result, FailureReason.StaleDate, 403, "Stale Date");
        Assert.That(result.Failure!.Detail, Does.Contain("no Date"));
    }

    [Test]
    public async Task StaleDate_Is403_AndTheWindowIsLegacyMaxAge()
    {
        var invite = _call.SignedInvite();
        _call.Clock.Advance(TimeSpan.FromSeconds(90));

        var stale = await _call.Verifier().VerifyAsync(invite);
        var lenient = await _call.Verifier(new VerifierOptions { LegacyMaxAge = TimeSpan.FromHours(1) }).VerifyAsync(invite);

        AssertFailure(stale, FailureReason.StaleDate, 403, "Stale Date");
        Assert.That(lenient.IsSuccess, Is.True, lenient.ToString());
    }

    [Test]
    public async Task FutureDate_Is403()
    {
        using var ahead = new LegacyIdentitySigner(_call.Pki.LeafKey, LegacyCall.InfoDer, timeProvider: new Microsoft.Extensions.Time.Testing.FakeTimeProvider(LegacyCall.Now.AddSeconds(30)));
        var invite = _call.SignedInvite(signer: ahead);

        AssertFailure(await _call.Verifier().VerifyAsync(invite), FailureReason.FutureDate, 403, "Stale Date");
    }

    [Test]
    public async Task WithoutLegacyAnchors_TheRefusalSaysHowToEnableVerification()
    {
        var result = await _call.Verifier(legacy: false).VerifyAsync(_call.SignedInvite());

        AssertFailure(result, FailureReason.LegacyIdentityUnsupported, 438, "Invalid Identity Header");
        Assert.That(result.Failure!.Detail, Does.Contain("LegacyTrustAnchors").And.Contain("--legacy-trust-anchor"));
        Assert.That(result.Headers, Is.Empty, "unchanged: without anchors legacy headers are not examined");
    }

    [Test]
    public async Task IgnorePolicy_WinsOverAnchors()
    {
        var result = await _call.Verifier(new VerifierOptions { LegacyIdentity = LegacyIdentityPolicy.Ignore }).VerifyAsync(_call.SignedInvite());

        Assert.That(result.Status, Is.EqualTo(VerificationStatus.NoIdentity));
    }

    [Test]
    public void VerifyPolicy_WithoutAnchors_Throws()
    {
        Assert.That(() => _call.Verifier(new VerifierOptions { LegacyIdentity = LegacyIdentityPolicy.Verify }, legacy: false),
            Throws.ArgumentException.With.Message.Contains("LegacyTrustAnchors"));
        Assert.That(_call.Verifier(new VerifierOptions { LegacyIdentity = LegacyIdentityPolicy.Verify }), Is.Not.Null);
    }

    [Test]
    public async Task BothGenerations_TheRfc8224HeaderDecides_AndTheLegacyPairIsReportedSkipped()
    {
        using var sti = new TestCall();
        var shaken = SipMessage.Parse(sti.SignedInvite());
        var both = _call.Signer.Sign(shaken).ToString();
        var certificates = new InMemoryCertificateSource().Add(TestCall.X5u, sti.Pki.Chain).AddPem(LegacyCall.InfoDer, _call.Pki.LeafPem);
        var verifier = new StirShakenVerifier(certificates, new CertificateValidator(sti.Pki.TrustAnchors), null,
            new StirShakenVerifierDependencies { TimeProvider = _call.Clock, LegacyTrustAnchors = _call.Pki.TrustAnchors });

        var result = await verifier.VerifyAsync(both);

        Assert.That(result.IsSuccess, Is.True, result.ToString());
        Assert.That(result.Verstat, Is.EqualTo(Verstat.Passed));
        Assert.That(result.Attestation, Is.Not.Null);
        Assert.That(result.LegacyIdentity, Is.Null);
        Assert.That(result.Headers.Select(h => h.Status), Is.EqualTo(new[] { IdentityHeaderStatus.Verified, IdentityHeaderStatus.Skipped }));
        Assert.That(result.Headers[1].RawValue, Does.StartWith("\""));
    }

    [Test]
    public async Task DependencyInjection_LegacyTrustAnchorPaths_EnablesVerification()
    {
        var folder = Directory.CreateTempSubdirectory("legacy-anchors-").FullName;
        try
        {
            var path = Path.Combine(folder, "ca.pem");
            await File.WriteAllTextAsync(path, _call.Pki.RootPem);
            var services = new ServiceCollection();
            services.AddSingleton<TimeProvider>(_call.Clock);
            services.AddSingleton<ICertificateSource>(_call.Certificates);
            services.AddStirShakenVerification(o =>
            {
                o.TrustAnchors = _call.Pki.TrustAnchors;
                o.LegacyTrustAnchorPaths = [path];
            });
            await using var provider = services.BuildServiceProvider();
            var verifier = provider.GetRequiredService<StirShakenVerifier>();

            var result = await verifier.VerifyAsync(_call.SignedInvite());

            Assert.That(result.IsSuccess, Is.True, result.ToString());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string Rsa1024Signature(SipMessage invite, System.Security.Cryptography.RSA key)
    {
        var digest = StirShaken.Identity.Parsing.LegacyDigestString.TryBuild(invite).GetValueOrThrow();
        var signature = key.SignData(digest.Bytes.ToArray(), System.Security.Cryptography.HashAlgorithmName.SHA1, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        return "\"" + Convert.ToBase64String(signature) + "\"";
    }

    private static string RemoveLine(string message, string prefix)
    {
        var start = message.IndexOf(prefix, StringComparison.Ordinal);
        var end = message.IndexOf("\r\n", start, StringComparison.Ordinal) + 2;
        return message.Remove(start, end - start);
    }

    private static void AssertFailure(VerificationResult result, FailureReason reason, int code, string phrase)
    {
        Assert.That(result.Status, Is.EqualTo(VerificationStatus.Failed), result.ToString());
        Assert.That(result.Failure!.Reason, Is.EqualTo(reason), result.Failure.ToString());
        Assert.That(result.Failure.StatusCode, Is.EqualTo(code));
        Assert.That(result.Failure.ReasonPhrase, Is.EqualTo(phrase));
        Assert.That(result.Verstat, Is.EqualTo(Verstat.Failed));
    }
}
