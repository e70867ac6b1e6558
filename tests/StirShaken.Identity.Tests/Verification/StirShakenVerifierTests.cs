using System.Security.Cryptography;
using StirShaken.Identity.Certificates;
using StirShaken.Identity.Passport;
using StirShaken.Identity.Sip;
using StirShaken.Identity.Testing;
using StirShaken.Identity.Verification;

namespace StirShaken.Identity.Tests.Verification;

public class StirShakenVerifierTests
{
    private TestCall _call = null!;

    [SetUp]
    public void SetUp() => _call = new TestCall();

    [TearDown]
    public void TearDown() => _call.Dispose();

    [TestCase(Attestation.A)]
    [TestCase(Attestation.B)]
    [TestCase(Attestation.C)]
    public async Task SignedInvite_Verifies_WithAttestationSpcAndVerstat(Attestation attestation)
    {
        var result = await _call.Verifier().VerifyAsync(_call.SignedInvite(attestation));

        Assert.That(result.Status, Is.EqualTo(VerificationStatus.Passed), result.ToString());
        Assert.That(result.Verstat, Is.EqualTo(Verstat.Passed));
        Assert.That(result.Attestation, Is.EqualTo(attestation));
        Assert.That(result.Spc, Is.EqualTo("1234"));
        Assert.That(result.Orig, Is.EqualTo(TestCall.Orig));
        Assert.That(result.Dest, Is.EqualTo(new[] { TestCall.Dest }));
        Assert.That(result.OrigId, Is.EqualTo("123e4567-e89b-12d3-a456-426655440000"));
        Assert.That(result.SignerCertificate!.Subject, Does.Contain("SHAKEN 1234"));
        Assert.That(result.Failure, Is.Null);
        Assert.That(() => result.CreateFailureResponse(SipMessage.Parse(_call.SignedInvite(attestation))), Throws.InvalidOperationException);
    }

    [Test]
    public async Task NoIdentity_ByDefault_IsNoTnValidation()
    {
        var result = await _call.Verifier().VerifyAsync(TestCall.Invite());

        Assert.That(result.Status, Is.EqualTo(VerificationStatus.NoIdentity));
        Assert.That(result.Verstat, Is.EqualTo(Verstat.NoValidation));
        Assert.That(result.Failure, Is.Null);
    }

    [Test]
    public async Task NoIdentity_WhenRequired_Is428()
    {
        var result = await _call.Verifier(new VerifierOptions { RequireIdentity = true }).VerifyAsync(TestCall.Invite());

        AssertFailure(result, FailureReason.NoIdentity, 428);
        Assert.That(result.CreateFailureResponse(SipMessage.Parse(TestCall.Invite())).StatusLine, Is.EqualTo("SIP/2.0 428 Use Identity Header"));
    }

    [Test]
    public async Task UnsupportedPpt_IsSkippedNotFailed()
    {
        // rph (RFC 8443) has no rules here; div, the example before RFC 8946 support, is now verified as a chain link.
        var invite = _call.InviteWithRawPassport(TestCall.ShakenHeader(ppt: "rph"), TestCall.ShakenPayload(), parameters: ";info=<" + TestCall.X5u + ">;ppt=\"rph\"");

        var result = await _call.Verifier().VerifyAsync(invite);
        var required = await _call.Verifier(new VerifierOptions { RequireIdentity = true }).VerifyAsync(invite);

        Assert.That(result.Status, Is.EqualTo(VerificationStatus.NoIdentity));
        Assert.That(result.Headers.Single().Status, Is.EqualTo(IdentityHeaderStatus.Skipped));
        AssertFailure(required, FailureReason.NoSupportedIdentity, 428);
    }

    [Test]
    public async Task UnparseableMessage_Is438MalformedMessage()
    {
        var result = await _call.Verifier().VerifyAsync("this is not SIP");

        AssertFailure(result, FailureReason.MalformedMessage, 438);
    }

    [Test]
    public async Task IdentityWithoutInfo_Is438MissingInfoParameter()
    {
        var token = TestCall.RawJws(TestCall.ShakenHeader(), TestCall.ShakenPayload(), _call.Pki.LeafKey);
        var result = await _call.Verifier().VerifyAsync(TestCall.Invite(extraHeaders: $"Identity: {token};alg=ES256;ppt=shaken"));

        AssertFailure(result, FailureReason.MissingInfoParameter, 438);
    }

    [Test]
    public async Task LegacyRfc4474Identity_IsRejectedByDefault_AndIgnoredOnRequest()
    {
        var invite = TestCall.Invite(extraHeaders: ["Identity: \"ZYNBbHC00VMZr2kZt6VmCvPonWJMGvQTBDqghoWeLxJfzB2a1pxAr3VgrB0SsSAaifsRdiOPoQZYOy2wrVghuhcsMbHWUSFxI6p6q5TOQXHMmz6uEo3svJsSH49thyGnFVcnyaZ++yRlBYYQTLqWzJ+KVhPKbfU/pryhVn9Yc6U=\"", "Identity-Info: <https://biloxi.example.org/biloxi.cer>;alg=rsa-sha1"]);

        var rejected = await _call.Verifier().VerifyAsync(invite);
        var ignored = await _call.Verifier(new VerifierOptions { LegacyIdentity = LegacyIdentityPolicy.Ignore }).VerifyAsync(invite);

        AssertFailure(rejected, FailureReason.LegacyIdentityUnsupported, 438);
        Assert.That(rejected.Failure!.Detail, Does.Contain("rsa-sha1"));
        Assert.That(ignored.Status, Is.EqualTo(VerificationStatus.NoIdentity));
    }

    [Test]
    public async Task NonBase64UrlPayload_Is438MalformedPassport()
    {
        var token = TestCall.RawJws(TestCall.ShakenHeader(), TestCall.ShakenPayload(), _call.Pki.LeafKey).Split('.');
        var invite = TestCall.Invite(extraHeaders: $"Identity: {token[0]}.{token[1]}==.{token[2]};info=<{TestCall.X5u}>;alg=ES256;ppt=shaken");

        var result = await _call.Verifier().VerifyAsync(invite);

        Assert.That(result.Failure!.StatusCode, Is.EqualTo(438));
        Assert.That(result.Failure.Reason, Is.AnyOf(FailureReason.MalformedPassport, FailureReason.MalformedIdentityHeader));
    }

    [Test]
    public async Task DuplicateJsonKey_Is438MalformedPassport()
    {
        var payload = TestCall.ShakenPayload().Replace("\"attest\":\"A\"", "\"attest\":\"A\",\"attest\":\"C\"", StringComparison.Ordinal);
        var result = await _call.Verifier().VerifyAsync(_call.InviteWithRawPassport(TestCall.ShakenHeader(), payload));

        AssertFailure(result, FailureReason.MalformedPassport, 438);
    }

    [Test]
    public async Task MissingOrigId_Is438MissingClaim()
    {
        var result = await _call.Verifier().VerifyAsync(_call.InviteWithRawPassport(TestCall.ShakenHeader(), TestCall.ShakenPayload(origId: "")));

        AssertFailure(result, FailureReason.MissingClaim, 438);
        Assert.That(result.Failure!.Detail, Does.Contain("origid"));
    }

    [Test]
    public async Task AttestOutsideABC_Is438InvalidClaim()
    {
        var result = await _call.Verifier().VerifyAsync(_call.InviteWithRawPassport(TestCall.ShakenHeader(), TestCall.ShakenPayload(attest: "\"D\"")));

        AssertFailure(result, FailureReason.InvalidClaim, 438);
    }

    [Test]
    public async Task TypNotPassport_Is438InvalidType()
    {
        var result = await _call.Verifier().VerifyAsync(_call.InviteWithRawPassport(TestCall.ShakenHeader(typ: "JWT"), TestCall.ShakenPayload()));

        AssertFailure(result, FailureReason.InvalidType, 438);
    }

    [Test]
    public async Task JosePptDifferentFromParameter_Is438PptMismatch()
    {
        var result = await _call.Verifier().VerifyAsync(_call.InviteWithRawPassport(TestCall.ShakenHeader(ppt: "rcd"), TestCall.ShakenPayload()));

        AssertFailure(result, FailureReason.PptMismatch, 438);
    }

    [Test]
    public async Task CompactShakenForm_Is438CompactFormNotAllowed()
    {
        var signed = SipMessage.Parse(TestCall.Invite());
        var compact = _call.Signer.Sign(signed, Attestation.A, compact: true).ToString();

        var result = await _call.Verifier().VerifyAsync(compact);

        AssertFailure(result, FailureReason.CompactFormNotAllowed, 438);
    }

    [Test]
    public async Task X5uDifferentFromInfo_Is438_Or436WhenConfigured()
    {
        var invite = _call.InviteWithRawPassport(TestCall.ShakenHeader(x5u: "https://cert.example.org/other.pem"), TestCall.ShakenPayload());

        var rfc = await _call.Verifier().VerifyAsync(invite);
        var atis = await _call.Verifier(new VerifierOptions { X5uInfoMismatchStatus = SipStatus.BadIdentityInfo }).VerifyAsync(invite);

        AssertFailure(rfc, FailureReason.X5uInfoMismatch, 438);
        AssertFailure(atis, FailureReason.X5uInfoMismatch, 436);
        Assert.That(atis.Failure!.ReasonPhrase, Is.EqualTo("Bad Identity Info"));
    }

    [Test]
    public async Task ChangedFrom_Is438OrigMismatch()
    {
        var tampered = _call.SignedInvite().Replace("From: \"Alice\" <sip:+1-215-555-1212@", "From: \"Alice\" <sip:+1-215-555-9999@", StringComparison.Ordinal);

        var result = await _call.Verifier().VerifyAsync(tampered);

        AssertFailure(result, FailureReason.OrigMismatch, 438);
        Assert.That(result.Failure!.Detail, Does.Contain("12155559999"));
    }

    [Test]
    public async Task PAssertedIdentity_TakesPrecedenceOverFrom_AndAnyOfItsValuesMayMatch()
    {
        var invite = TestCall.Invite(from: "anonymous", extraHeaders: "P-Asserted-Identity: <tel:+19995550000>, <sip:+12155551212@example.com;user=phone>");
        var signed = _call.Signer.CreateIdentityHeader(new Identity.Signing.SigningRequest(TestCall.Orig, [TestCall.Dest], Attestation.A) { IssuedAt = TestCall.Now });

        var result = await _call.Verifier().VerifyAsync(SipMessage.Parse(invite).WithHeaderAdded("Identity", signed));

        Assert.That(result.Status, Is.EqualTo(VerificationStatus.Passed), result.ToString());
    }

    [Test]
    public async Task ChangedTo_Is438DestMismatch_WithDiagnostic()
    {
        var tampered = _call.SignedInvite().Replace("To: <sip:+12125551213@", "To: <sip:+12125550000@", StringComparison.Ordinal);

        var result = await _call.Verifier().VerifyAsync(tampered);

        AssertFailure(result, FailureReason.DestMismatch, 438);
        Assert.That(result.Failure!.Diagnostic, Does.Contain("12125550000").And.Contains("Fix:"));
    }

    [Test]
    public async Task AnyDestEntry_MayMatchTo()
    {
        var invite = _call.InviteWithRawPassport(TestCall.ShakenHeader(), TestCall.ShakenPayload(dest: "[\"12125550001\",\"12125551213\"]"));

        var result = await _call.Verifier().VerifyAsync(invite);

        Assert.That(result.Status, Is.EqualTo(VerificationStatus.Passed), result.ToString());
    }

    [Test]
    public async Task RequestUriDestination_IsAcceptedOnlyWhenEnabled()
    {
        // The PASSporT dest is the Request-URI number, not To (a retargeted call without div).
        var invite = _call.InviteWithRawPassport(TestCall.ShakenHeader(), TestCall.ShakenPayload(dest: "[\"12125557777\"]"))
            .Replace("INVITE sip:+12125551213@", "INVITE sip:+12125557777@", StringComparison.Ordinal);

        var strict = await _call.Verifier().VerifyAsync(invite);
        var lenient = await _call.Verifier(new VerifierOptions { DestinationSource = DestinationSource.ToOrRequestUri }).VerifyAsync(invite);

        AssertFailure(strict, FailureReason.DestMismatch, 438);
        Assert.That(lenient.Status, Is.EqualTo(VerificationStatus.Passed), lenient.ToString());
    }

    [Test]
    public async Task WrongKey_Is438InvalidSignature_WithRegenerateRemedy()
    {
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var result = await _call.Verifier().VerifyAsync(_call.InviteWithRawPassport(TestCall.ShakenHeader(), TestCall.ShakenPayload(), other));

        AssertFailure(result, FailureReason.InvalidSignature, 438);
        Assert.That(result.Failure!.Remedy, Does.Contain("Regenerate").And.Contains("no intermediary may modify"));
    }

    [TestCase("RS256", TestName = "AlgParameterRS256_Is437")]
    [TestCase("none", TestName = "AlgParameterNone_Is437")]
    public async Task AlgParameterNotEs256_Is437(string alg)
    {
        var result = await _call.Verifier().VerifyAsync(_call.InviteWithRawPassport(TestCall.ShakenHeader(), TestCall.ShakenPayload(), parameters: $";info=<{TestCall.X5u}>;alg={alg};ppt=shaken"));

        AssertFailure(result, FailureReason.UnsupportedAlgorithm, 437);
    }

    [TestCase("none", TestName = "JoseAlgNone_Is437")]
    [TestCase("HS256", TestName = "JoseAlgHS256_Is437")]
    public async Task JoseAlgNotEs256_Is437(string alg)
    {
        var result = await _call.Verifier().VerifyAsync(_call.InviteWithRawPassport(TestCall.ShakenHeader(alg: alg), TestCall.ShakenPayload(), parameters: $";info=<{TestCall.X5u}>;ppt=shaken"));

        AssertFailure(result, FailureReason.UnsupportedAlgorithm, 437);
    }

    [Test]
    public async Task ChainFromAnotherCa_Is437Untrusted()
    {
        using var stranger = TestPki.Create("9999", notBefore: TestCall.Now.AddDays(-1));
        _call.Certificates.Add(TestCall.X5u, stranger.Chain);

        var result = await _call.Verifier().VerifyAsync(_call.InviteWithRawPassport(TestCall.ShakenHeader(), TestCall.ShakenPayload(), stranger.LeafKey));

        AssertFailure(result, FailureReason.CertificateUntrusted, 437);
    }

    [Test]
    public async Task ExpiredLeaf_Is437()
    {
        var (chain, key) = _call.Pki.IssueLeaf(new TestLeafOptions { NotBefore = TestCall.Now.AddDays(-10), NotAfter = TestCall.Now.AddDays(-1) });
        _call.Certificates.Add(TestCall.X5u, chain);

        var result = await _call.Verifier().VerifyAsync(_call.InviteWithRawPassport(TestCall.ShakenHeader(), TestCall.ShakenPayload(), key));

        AssertFailure(result, FailureReason.CertificateExpired, 437);
    }

    [Test]
    public async Task P384Leaf_Is437KeyUnsupported()
    {
        var (chain, _) = _call.Pki.IssueLeaf(new TestLeafOptions { NotBefore = TestCall.Now.AddDays(-1), Curve = ECCurve.NamedCurves.nistP384 });
        var key = _call.Pki.LeafKey; // a 64-byte ES256 signature, so the failure comes from the certificate
        _call.Certificates.Add(TestCall.X5u, chain);

        var result = await _call.Verifier().VerifyAsync(_call.InviteWithRawPassport(TestCall.ShakenHeader(), TestCall.ShakenPayload(), key));

        AssertFailure(result, FailureReason.CertificateKeyUnsupported, 437);
    }

    [Test]
    public async Task LeafWithoutTnAuthList_Is437()
    {
        var (chain, key) = _call.Pki.IssueLeaf(new TestLeafOptions { NotBefore = TestCall.Now.AddDays(-1), Spc = null, CommonName = "SHAKEN 1234" });
        _call.Certificates.Add(TestCall.X5u, chain);

        var result = await _call.Verifier().VerifyAsync(_call.InviteWithRawPassport(TestCall.ShakenHeader(), TestCall.ShakenPayload(), key));

        AssertFailure(result, FailureReason.CertificateTnAuthList, 437);
    }

    [Test]
    public async Task CnNotMatchingSpc_Is437OnlyWhenTheCheckIsEnabled()
    {
        var (chain, key) = _call.Pki.IssueLeaf(new TestLeafOptions { NotBefore = TestCall.Now.AddDays(-1), CommonName = "SHAKEN Matrix 3058" });
        _call.Certificates.Add(TestCall.X5u, chain);
        var invite = _call.InviteWithRawPassport(TestCall.ShakenHeader(), TestCall.ShakenPayload(), key);

        var lenient = await _call.Verifier().VerifyAsync(invite);
        var strict = await _call.Verifier(certificateOptions: new CertificateValidationOptions { RequireSubjectCnMatchesSpc = true }).VerifyAsync(invite);

        Assert.That(lenient.Status, Is.EqualTo(VerificationStatus.Passed), lenient.ToString());
        AssertFailure(strict, FailureReason.CertificateProfile, 437);
    }

    [TestCase("http://cert.example.org/sp.pem", TestName = "HttpInfo_Is436Refused")]
    [TestCase("https://cert.example.org:8080/sp.pem", TestName = "InfoOnPort8080_Is436Refused")]
    [TestCase("https://user:pw@cert.example.org/sp.pem", TestName = "InfoWithUserinfo_Is436Refused")]
    [TestCase("https://cert.example.org/sp.pem?x=1", TestName = "InfoWithQuery_Is436Refused")]
    public async Task InfoUrlOutsidePolicy_Is436(string url)
    {
        var invite = _call.InviteWithRawPassport(TestCall.ShakenHeader(x5u: url), TestCall.ShakenPayload(), parameters: $";info=<{url}>;alg=ES256;ppt=shaken");

        var result = await _call.Verifier().VerifyAsync(invite);

        AssertFailure(result, FailureReason.InfoUrlRefused, 436);
    }

    [Test]
    public async Task UnknownCertificateUrl_Is436Unavailable()
    {
        const string url = "https://cert.example.org/missing.pem";
        var invite = _call.InviteWithRawPassport(TestCall.ShakenHeader(x5u: url), TestCall.ShakenPayload(), parameters: $";info=<{url}>;alg=ES256;ppt=shaken");

        var result = await _call.Verifier().VerifyAsync(invite);

        AssertFailure(result, FailureReason.CertificateUnavailable, 436);
    }

    [TestCase(-61, FailureReason.StaleIat, TestName = "IatOlderThan60s_Is403Stale")]
    [TestCase(11, FailureReason.FutureIat, TestName = "IatBeyondFutureSkew_Is403Future")]
    public async Task IatOutsideWindow_Is403(int offsetSeconds, FailureReason reason)
    {
        var iat = TestCall.Now.AddSeconds(offsetSeconds).ToUnixTimeSeconds();
        var result = await _call.Verifier().VerifyAsync(_call.InviteWithRawPassport(TestCall.ShakenHeader(), TestCall.ShakenPayload(iat)));

        AssertFailure(result, reason, 403);
    }

    [Test]
    public async Task IatWithinWindow_Verifies()
    {
        var iat = TestCall.Now.AddSeconds(-59).ToUnixTimeSeconds();
        var result = await _call.Verifier().VerifyAsync(_call.InviteWithRawPassport(TestCall.ShakenHeader(), TestCall.ShakenPayload(iat)));

        Assert.That(result.Status, Is.EqualTo(VerificationStatus.Passed), result.ToString());
    }

    [TestCase(-120, FailureReason.StaleDate, TestName = "DateOlderThan60s_Is403Stale")]
    [TestCase(120, FailureReason.FutureDate, TestName = "DateInTheFuture_Is403Future")]
    public async Task DateOutsideWindow_Is403(int offsetSeconds, FailureReason reason)
    {
        var token = TestCall.RawJws(TestCall.ShakenHeader(), TestCall.ShakenPayload(), _call.Pki.LeafKey);
        var invite = TestCall.Invite(date: SipDate.Format(TestCall.Now.AddSeconds(offsetSeconds)), extraHeaders: $"Identity: {token};info=<{TestCall.X5u}>;alg=ES256;ppt=shaken");

        var result = await _call.Verifier().VerifyAsync(invite);

        AssertFailure(result, reason, 403);
    }

    [Test]
    public async Task SameInvite_VerifiedFiveMinutesLater_IsStale()
    {
        var invite = _call.SignedInvite();
        var onTime = await _call.Verifier().VerifyAsync(invite);
        _call.Clock.Advance(TimeSpan.FromMinutes(5));

        var late = await _call.Verifier().VerifyAsync(invite);

        Assert.That(onTime.IsSuccess, Is.True);
        AssertFailure(late, FailureReason.StaleIat, 403);
    }

    [Test]
    public async Task OneValidHeaderAmongFailures_Passes()
    {
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var bad = TestCall.RawJws(TestCall.ShakenHeader(), TestCall.ShakenPayload(), other);
        var invite = SipMessage.Parse(_call.SignedInvite());
        var message = SipMessage.Parse(invite.ToString().Replace("Identity:", $"Identity: {bad};info=<{TestCall.X5u}>;ppt=shaken\r\nIdentity:", StringComparison.Ordinal));

        var result = await _call.Verifier().VerifyAsync(message);

        Assert.That(result.Status, Is.EqualTo(VerificationStatus.Passed), result.ToString());
        Assert.That(result.Headers.Select(h => h.Status), Is.EqualTo(new[] { IdentityHeaderStatus.Failed, IdentityHeaderStatus.Verified }));
        Assert.That(result.Headers[0].Failure!.Reason, Is.EqualTo(FailureReason.InvalidSignature));
    }

    [Test]
    public async Task SeveralFailures_ReportTheMostSpecificCode_438Over436()
    {
        const string missing = "https://cert.example.org/missing.pem";
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var unreachable = TestCall.RawJws(TestCall.ShakenHeader(x5u: missing), TestCall.ShakenPayload(), _call.Pki.LeafKey);
        var badSignature = TestCall.RawJws(TestCall.ShakenHeader(), TestCall.ShakenPayload(), other);
        var invite = TestCall.Invite(extraHeaders: [$"Identity: {unreachable};info=<{missing}>;ppt=shaken", $"y: {badSignature};info=<{TestCall.X5u}>;ppt=shaken"]);

        var result = await _call.Verifier().VerifyAsync(invite);

        AssertFailure(result, FailureReason.InvalidSignature, 438);
        Assert.That(result.Headers.Select(h => h.Failure!.StatusCode), Is.EqualTo(new[] { 436, 438 }));
    }

    [Test]
    public async Task FailureResponse_CopiesDialogHeaders_AddsToTag_AndReason()
    {
        var tampered = _call.SignedInvite().Replace("To: <sip:+12125551213@", "To: <sip:+12125550000@", StringComparison.Ordinal);

        var response = (await _call.Verifier().VerifyAsync(tampered)).CreateFailureResponse(SipMessage.Parse(tampered));
        var wire = response.ToString();

        Assert.That(response.StatusCode, Is.EqualTo(438));
        Assert.That(response.ReasonHeaderValue, Is.EqualTo("SIP ;cause=438 ;text=\"Invalid Identity Header\""));
        Assert.That(wire, Does.StartWith("SIP/2.0 438 Invalid Identity Header\r\nVia: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK776asdhds\r\n"));
        Assert.That(wire, Does.Contain("\r\nFrom: \"Alice\" <sip:+1-215-555-1212@example.com;user=phone>;tag=1928301774\r\n"));
        Assert.That(wire, Does.Match(@"\r\nTo: <sip:\+12125550000@example\.net;user=phone>;tag=[0-9a-f]{16}\r\n"));
        Assert.That(wire, Does.Contain("\r\nCall-ID: a84b4c76e66710@pc33.example.com\r\nCSeq: 314159 INVITE\r\n"));
        Assert.That(wire, Does.EndWith("Content-Length: 0\r\n\r\n"));
        Assert.That(wire, Does.Not.Contain("Identity:"));
    }

    [Test]
    public async Task Rfc9410Mode_UsesStirReasonWithCompactPpi()
    {
        var tampered = _call.SignedInvite().Replace("To: <sip:+12125551213@", "To: <sip:+12125550000@", StringComparison.Ordinal);

        var result = await _call.Verifier(new VerifierOptions { ReasonProtocol = ReasonProtocol.Stir }).VerifyAsync(tampered);
        var signature = result.Headers[0].Passport!.SignatureSegment;

        Assert.That(result.CreateFailureResponse(SipMessage.Parse(tampered)).ReasonHeaderValue, Is.EqualTo($"STIR ;cause=438 ;text=\"Invalid Identity Header\" ;ppi=\"..{signature}\""));
    }

    [Test]
    public async Task ThrowingCertificateSource_IsA436_NotAnException()
    {
        var verifier = new StirShakenVerifier(new ThrowingSource(), new CertificateValidator(_call.Pki.TrustAnchors), null, new StirShakenVerifierDependencies { TimeProvider = _call.Clock });

        var result = await verifier.VerifyAsync(_call.SignedInvite());

        AssertFailure(result, FailureReason.CertificateUnavailable, 436);
    }

    [Test]
    public async Task OneVerifierInstance_IsSafeToShareAcrossConcurrentCalls()
    {
        var verifier = _call.Verifier();
        var good = _call.SignedInvite();
        var tampered = good.Replace("To: <sip:+12125551213@", "To: <sip:+12125550000@", StringComparison.Ordinal);

        var results = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(async () => await verifier.VerifyAsync(i % 2 == 0 ? good : tampered))));

        Assert.That(results.Where((_, i) => i % 2 == 0).Select(r => r.Status), Is.All.EqualTo(VerificationStatus.Passed));
        Assert.That(results.Where((_, i) => i % 2 == 1).Select(r => r.Failure?.Reason), Is.All.EqualTo(FailureReason.DestMismatch));
    }

    [Test]
    public async Task GarbageAndTruncatedInput_NeverThrows()
    {
        var verifier = _call.Verifier();
        var invite = _call.SignedInvite();
        var random = new Random(42);
        for (var i = 0; i < 300; i++)
        {
            var chars = invite.ToCharArray();
            for (var j = 0; j < 5; j++)
            {
                chars[random.Next(chars.Length)] = (char)random.Next(0, 128);
            }

            var mutated = new string(chars, 0, random.Next(chars.Length));
            var result = await verifier.VerifyAsync(mutated);
            Assert.That(result.Status, Is.AnyOf(VerificationStatus.Failed, VerificationStatus.NoIdentity, VerificationStatus.Passed));
            Assert.That(result.Failure?.Reason, Is.Not.EqualTo(FailureReason.InternalError), result.Failure?.Detail);
            Assert.That(result.Headers.Select(h => h.Failure?.Reason), Has.None.EqualTo(FailureReason.InternalError)); // no 500 hidden behind another header
        }
    }

    private static void AssertFailure(VerificationResult result, FailureReason reason, int code)
    {
        Assert.That(result.Status, Is.EqualTo(VerificationStatus.Failed), result.ToString());
        Assert.That(result.Failure!.Reason, Is.EqualTo(reason), result.Failure.Detail);
        Assert.That(result.Failure.StatusCode, Is.EqualTo(code));
        Assert.That(result.Verstat, Is.EqualTo(Verstat.Failed));
    }

    private sealed class ThrowingSource : ICertificateSource
    {
        public ValueTask<CertificateFetchResult> GetCertificateChainAsync(string url, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("boom");
    }
}
