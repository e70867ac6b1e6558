using System.Security.Cryptography;
using StirShaken.Identity.Certificates;
using StirShaken.Identity.Sip;
using StirShaken.Identity.Verification;

namespace StirShaken.Identity.Tests.Verification;

/// <summary>The two phases (RFC 8224 §6.2): per-PASSporT verdicts, request binding, and the set verdict.</summary>
public class VerificationPhasesTests
{
    private TestCall _call = null!;

    [SetUp]
    public void SetUp() => _call = new TestCall();

    [TearDown]
    public void TearDown() => _call.Dispose();

    [Test]
    public async Task EveryHeader_GetsItsOutcome_EvenAfterOneVerified()
    {
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var bad = TestCall.RawJws(TestCall.ShakenHeader(), TestCall.ShakenPayload(), other);
        var good = TestCall.RawJws(TestCall.ShakenHeader(), TestCall.ShakenPayload(), _call.Pki.LeafKey);
        var divert = TestCall.RawJws(TestCall.ShakenHeader(ppt: "rph"), TestCall.ShakenPayload(), _call.Pki.LeafKey);
        var invite = TestCall.Invite(extraHeaders:
        [
            $"Identity: {good};info=<{TestCall.X5u}>;ppt=shaken",
            $"Identity: {bad};info=<{TestCall.X5u}>;ppt=shaken",
            $"Identity: {divert};info=<{TestCall.X5u}>;ppt=rph",
            $"Identity: {good};info=<{TestCall.X5u}>;ppt=shaken",
        ]);

        var result = await _call.Verifier().VerifyAsync(invite);

        Assert.That(result.Status, Is.EqualTo(VerificationStatus.Passed), result.ToString());
        Assert.That(result.Headers.Select(h => h.Status), Is.EqualTo(new[] { IdentityHeaderStatus.Verified, IdentityHeaderStatus.Failed, IdentityHeaderStatus.Skipped, IdentityHeaderStatus.Verified }));
        Assert.That(result.Headers.Select(h => h.Index), Is.EqualTo(new[] { 0, 1, 2, 3 }));
        Assert.That(result.Headers[1].Failure!.Reason, Is.EqualTo(FailureReason.InvalidSignature));
        Assert.That(result.Passport, Is.SameAs(result.Headers[0].Passport), "the first verified header decides the identity reported");
    }

    [Test]
    public async Task VerifiedHeader_CarriesTheRequestIndependentVerdict_UntilTheEarliestNotAfter()
    {
        var result = await _call.Verifier().VerifyAsync(_call.SignedInvite());

        var verification = result.Headers.Single().Verification!;
        var earliest = _call.Pki.Chain.Certificates.Min(c => new DateTimeOffset(c.NotAfter.ToUniversalTime(), TimeSpan.Zero));
        Assert.That(verification.IsSuccess, Is.True);
        Assert.That(verification.Failure, Is.Null);
        Assert.That(verification.Info, Is.EqualTo(TestCall.X5u));
        Assert.That(verification.Spc, Is.EqualTo("1234"));
        Assert.That(verification.SignerCertificate!.Thumbprint, Is.EqualTo(_call.Pki.Leaf.Thumbprint));
        Assert.That(verification.ValidUntil, Is.EqualTo(earliest));
        Assert.That(result.Headers.Single().Spc, Is.EqualTo("1234"));
    }

    [Test]
    public async Task BindingFailure_HasNoPassportVerdict_AndCostsNoFetch()
    {
        var counting = new CountingSource(_call.Certificates);
        var verifier = new StirShakenVerifier(counting, new CertificateValidator(_call.Pki.TrustAnchors), null, new StirShakenVerifierDependencies { TimeProvider = _call.Clock });
        var tampered = _call.SignedInvite().Replace("To: <sip:+12125551213@", "To: <sip:+12125550000@", StringComparison.Ordinal);
        var stale = _call.InviteWithRawPassport(TestCall.ShakenHeader(), TestCall.ShakenPayload(TestCall.Now.AddMinutes(-5).ToUnixTimeSeconds()));

        var mismatch = await verifier.VerifyAsync(tampered);
        var old = await verifier.VerifyAsync(stale);

        Assert.That(mismatch.Failure!.Reason, Is.EqualTo(FailureReason.DestMismatch));
        Assert.That(old.Failure!.Reason, Is.EqualTo(FailureReason.StaleIat));
        Assert.That(mismatch.Headers.Single().Verification, Is.Null);
        Assert.That(old.Headers.Single().Verification, Is.Null);
        Assert.That(counting.Calls, Is.Zero);
    }

    [Test]
    public async Task PassportFailure_CarriesAFailedVerdict()
    {
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var result = await _call.Verifier().VerifyAsync(_call.InviteWithRawPassport(TestCall.ShakenHeader(), TestCall.ShakenPayload(), other));

        var verification = result.Headers.Single().Verification!;
        Assert.That(verification.IsSuccess, Is.False);
        Assert.That(verification.Failure!.Reason, Is.EqualTo(FailureReason.InvalidSignature));
        Assert.That(verification.ValidUntil, Is.Null);
        Assert.That(verification.Passport, Is.Not.Null);
    }

    [Test]
    public async Task LoneDivPassport_NeverVerifiesACall()
    {
        // A div PASSporT signed by a trusted key, matching orig/dest and fresh: it still carries no attestation.
        var invite = _call.InviteWithRawPassport(TestCall.ShakenHeader(ppt: "div"), TestCall.ShakenPayload(), parameters: ";info=<" + TestCall.X5u + ">;ppt=div");

        var result = await _call.Verifier().VerifyAsync(invite);
        var required = await _call.Verifier(new VerifierOptions { RequireIdentity = true }).VerifyAsync(invite);

        Assert.That(result.Status, Is.EqualTo(VerificationStatus.NoIdentity));
        Assert.That(required.Failure!.Reason, Is.EqualTo(FailureReason.NoSupportedIdentity));
        Assert.That(result.Headers.Single().Failure!.Reason, Is.EqualTo(FailureReason.MissingClaim), "div has its own rules now (RFC 8946 §3: the div claim)");
        var enabled = await _call.Verifier(new VerifierOptions { SupportedPpts = new HashSet<string> { "shaken", "div" } }).VerifyAsync(invite);
        Assert.That(enabled.Status, Is.EqualTo(VerificationStatus.NoIdentity));
    }

    [TestCase("rph")]
    [TestCase("")]
    public void SupportedPpts_CanOnlyNameTypesWithRules(string ppt)
    {
        var options = new VerifierOptions { SupportedPpts = new HashSet<string> { "shaken", ppt } };

        Assert.That(options.Validate, Throws.ArgumentException.With.Property(nameof(ArgumentException.ParamName)).EqualTo(nameof(VerifierOptions.SupportedPpts)));
        Assert.That(PassportTypeRegistry.KnownPpts, Is.EquivalentTo(new[] { "shaken", "div", "div-o", "rcd" }), "div/div-o (RFC 8946) and rcd (RFC 9795 §8) have their rules");
    }

    [Test]
    public void X5uInfoMismatchStatus_IsRestrictedTo436And438()
    {
        Assert.That(new VerifierOptions { X5uInfoMismatchStatus = SipStatus.BadIdentityInfo }.Validate, Throws.Nothing);
        Assert.That(new VerifierOptions { X5uInfoMismatchStatus = SipStatus.UnsupportedCredential }.Validate, Throws.ArgumentException);
        Assert.That(new VerifierOptions { X5uInfoMismatchStatus = new SipStatus(436, "Something Else") }.Validate, Throws.ArgumentException);
    }

    [Test]
    public async Task FailureResponse_IsBuiltOnDemand_EachWithItsOwnToTag()
    {
        var tampered = SipMessage.Parse(_call.SignedInvite().Replace("To: <sip:+12125551213@", "To: <sip:+12125550000@", StringComparison.Ordinal));

        var result = await _call.Verifier().VerifyAsync(tampered);
        var first = result.CreateFailureResponse(tampered);
        var second = result.CreateFailureResponse(tampered);
        var fixedTag = result.CreateFailureResponse(tampered, toTag: "retransmit1");

        Assert.That(typeof(VerificationResult).GetProperty("Response"), Is.Null, "the result carries no response");
        Assert.That(first.Status, Is.EqualTo(SipStatus.InvalidIdentityHeader));
        Assert.That(ToTag(first), Is.Not.EqualTo(ToTag(second)));
        Assert.That(ToTag(fixedTag), Is.EqualTo("retransmit1"));
        Assert.That(first.ReasonHeaderValue, Is.EqualTo("SIP ;cause=438 ;text=\"Invalid Identity Header\""));
        Assert.That(() => result.CreateFailureResponse(SipMessage.Parse("SIP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n")), Throws.ArgumentException);
    }

    [Test]
    public void FailureResponse_FromTheFailureAlone_UsesTheStatusAndReason()
    {
        var request = SipMessage.Parse(TestCall.Invite());
        var failure = new VerificationFailure(FailureReason.X5uInfoMismatch, "x5u differs", SipStatus.BadIdentityInfo);

        var response = failure.CreateResponse(request, ReasonProtocol.Stir, "..sig", "t1");

        Assert.That(response.StatusLine, Is.EqualTo("SIP/2.0 436 Bad Identity Info"));
        Assert.That(response.ReasonHeaderValue, Is.EqualTo("STIR ;cause=436 ;text=\"Bad Identity Info\" ;ppi=\"..sig\""));
        Assert.That(ToTag(response), Is.EqualTo("t1"));
    }

    private static string ToTag(SipResponse response)
    {
        var to = response.Headers.Single(h => h.Name == SipHeaderNames.To).Value;
        return to[(to.LastIndexOf(";tag=", StringComparison.Ordinal) + 5)..];
    }

    private sealed class CountingSource(ICertificateSource inner) : ICertificateSource
    {
        public int Calls;

        public ValueTask<CertificateFetchResult> GetCertificateChainAsync(string url, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref Calls);
            return inner.GetCertificateChainAsync(url, cancellationToken);
        }
    }
}
