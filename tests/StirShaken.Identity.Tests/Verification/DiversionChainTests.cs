using System.Security.Cryptography;
using StirShaken.Identity.Certificates;
using StirShaken.Identity.Passport;
using StirShaken.Identity.Sip;
using StirShaken.Identity.Testing;
using StirShaken.Identity.Verification;

namespace StirShaken.Identity.Tests.Verification;

/// <summary>RFC 8946 §4.2: div chains, each rule with a failing and a passing case; the SHAKEN root keeps its own verdict.</summary>
public class DiversionChainTests
{
    private static readonly VerifierOptions RequestUriOnly = new() { DestinationSource = DestinationSource.RequestUri };

    private DiversionFixture _f = null!;

    [SetUp]
    public void SetUp() => _f = new DiversionFixture();

    [TearDown]
    public void TearDown() => _f.Dispose();

    [Test]
    public async Task ForwardedCall_VerifiesThroughItsChain_WithTheDiversionShown()
    {
        var result = await _f.Verifier(RequestUriOnly).VerifyAsync(_f.Forwarded());

        Assert.That(result.IsSuccess, Is.True, result.ToString());
        Assert.That(result.Attestation, Is.EqualTo(Attestation.A), "attestation comes from the SHAKEN root");
        Assert.That(result.Verstat, Is.EqualTo(Verstat.Passed));
        var chain = result.Diversion!;
        Assert.That(chain.OriginalDestination, Is.EqualTo(new[] { DiversionFixture.B }));
        Assert.That(chain.CurrentTarget, Is.EqualTo(new[] { DiversionFixture.C }));
        Assert.That(chain.RootHeaderIndex, Is.EqualTo(0));
        var hop = chain.Hops.Single();
        Assert.That(hop.From!.Tn, Is.EqualTo(DiversionFixture.B));
        Assert.That(hop.To, Is.EqualTo(new[] { DiversionFixture.C }));
        Assert.That(hop.Spc, Is.EqualTo("5678"), "the retargeting provider's own credential");
        Assert.That(hop.IssuedAt, Is.EqualTo(TestCall.Now.ToUnixTimeSeconds()));
        Assert.That(hop.IsSuccess, Is.True);
        Assert.That(result.Spc, Is.EqualTo("1234"), "the call's signer is the originating provider");
        Assert.That(result.Headers.Select(h => (h.Ppt, h.Status)), Is.EqualTo(new[] { ("shaken", IdentityHeaderStatus.Verified), ("div", IdentityHeaderStatus.Verified) }));
        Assert.That(result.Headers[1].Spc, Is.EqualTo("5678"));
    }

    [Test]
    public async Task ForwardedCall_WithoutItsDiv_Is438WhenTheRequestUriIsTheTarget_AndPassesOnTo()
    {
        var withoutDiv = SipRedirect.WithRequestUri(_f.Original(), DiversionFixture.RequestUri(DiversionFixture.C));

        var strict = await _f.Verifier(RequestUriOnly).VerifyAsync(withoutDiv);
        var onTo = await _f.Verifier().VerifyAsync(withoutDiv);

        Assert.That(strict.Failure?.Reason, Is.EqualTo(FailureReason.DestMismatch), strict.ToString());
        Assert.That(strict.Failure!.StatusCode, Is.EqualTo(438));
        Assert.That(onTo.IsSuccess, Is.True, "To still names B: the default binding passes, and no diversion is shown");
        Assert.That(onTo.Diversion, Is.Null);
    }

    [Test]
    public async Task DefaultOptions_ShowTheChain_AndAcceptToRewrittenByTheNetwork()
    {
        var forwarded = _f.Forwarded();
        var toRewritten = SipMessage.Parse(forwarded.ToString().Replace("To: <sip:+12125551213@", "To: <sip:+12125550199@", StringComparison.Ordinal));

        var plain = await _f.Verifier().VerifyAsync(forwarded);
        var rewritten = await _f.Verifier().VerifyAsync(toRewritten);

        Assert.That(plain.Diversion, Is.Not.Null, plain.ToString());
        Assert.That(rewritten.IsSuccess, Is.True, "the SHAKEN dest no longer matches To, the chain does (RFC 8946 §4.2: To is not used)");
        Assert.That(rewritten.Diversion!.OriginalDestination, Is.EqualTo(new[] { DiversionFixture.B }));
    }

    [Test]
    public async Task HeaderOrder_DoesNotMatter()
    {
        var forwarded = _f.Forwarded();
        var identities = forwarded.GetHeaderValues(SipHeaderNames.Identity);
        var reversed = SipMessage.Parse(forwarded.ToString().Replace("Identity: " + identities[0] + "\r\n", string.Empty, StringComparison.Ordinal))
            .WithHeaderAdded(SipHeaderNames.Identity, identities[0]);

        var result = await _f.Verifier(RequestUriOnly).VerifyAsync(reversed);

        Assert.That(result.Headers.Select(h => h.Ppt), Is.EqualTo(new[] { "div", "shaken" }));
        Assert.That(result.IsSuccess, Is.True, result.ToString());
        Assert.That(result.Diversion!.RootHeaderIndex, Is.EqualTo(1));
        Assert.That(result.Diversion.Hops.Single().HeaderIndex, Is.EqualTo(0));
    }

    [TestCase(";ppt=\"div\"")]
    [TestCase(";ppt=div")]
    [TestCase(";alg=ES256;ppt=div")]
    [TestCase("")]
    public async Task PptParameter_QuotedOrNot_OrAbsent(string parameters)
    {
        var request = _f.WithIdentities(DiversionFixture.C, _f.RawDiv(DiversionFixture.DivPayload(), parameters: parameters));

        var result = await _f.Verifier(RequestUriOnly).VerifyAsync(request);

        Assert.That(result.Diversion, Is.Not.Null, result.ToString());
    }

    [Test]
    public async Task LoneDiv_NeverVerifiesACall_WhateverTheOptions()
    {
        var request = SipMessage.Parse(TestCall.Invite(to: "+" + DiversionFixture.C)).WithHeaderAdded(SipHeaderNames.Identity, _f.RawDiv(DiversionFixture.DivPayload()));
        var options = new VerifierOptions { SupportedPpts = new HashSet<string> { "div" }, DestinationSource = DestinationSource.ToOrRequestUri };

        var result = await _f.Verifier(options).VerifyAsync(request);
        var required = await _f.Verifier(new VerifierOptions { RequireIdentity = true }).VerifyAsync(request);

        Assert.That(result.Status, Is.EqualTo(VerificationStatus.NoIdentity), result.ToString());
        Assert.That(result.Attestation, Is.Null);
        Assert.That(required.Failure!.Reason, Is.EqualTo(FailureReason.NoSupportedIdentity));
        Assert.That(result.Headers.Single().Failure!.Reason, Is.EqualTo(FailureReason.DiversionNotLinked));
        Assert.That(result.Diversions.Single().Root, Is.Null);
        Assert.That(result.Diversions.Single().Failure!.Reason, Is.EqualTo(FailureReason.DiversionNotLinked));
    }

    [Test]
    public async Task DivToAnotherCall_NeverLendsItsIatOrCredential()
    {
        // A stale SHAKEN PASSporT (10 min) and a fresh, valid div that diverts from a number the SHAKEN dest does not hold.
        var stale = TestCall.RawJws(TestCall.ShakenHeader(), TestCall.ShakenPayload(TestCall.Now.AddMinutes(-10).ToUnixTimeSeconds()), _f.Call.Pki.LeafKey);
        var request = SipMessage.Parse(TestCall.Invite(extraHeaders: $"Identity: {stale};info=<{TestCall.X5u}>;ppt=shaken"))
            .WithHeaderAdded(SipHeaderNames.Identity, _f.RawDiv(DiversionFixture.DivPayload(from: "12125550000", to: DiversionFixture.B)));

        var result = await _f.Verifier().VerifyAsync(request);

        Assert.That(result.Failure!.Reason, Is.EqualTo(FailureReason.StaleIat), result.ToString());
        Assert.That(result.Diversions.Single().Failure!.Reason, Is.EqualTo(FailureReason.DiversionNotLinked));
    }

    [Test]
    public async Task InnermostIat_HasItsOwnLongerWindow_TheOutermostTheNormalOne()
    {
        // A transfer: the original is 30 min old (stale alone), the div fresh.
        SipMessage Request(int originalAgeMinutes, int divAgeSeconds)
        {
            var shaken = TestCall.RawJws(TestCall.ShakenHeader(), TestCall.ShakenPayload(TestCall.Now.AddMinutes(-originalAgeMinutes).ToUnixTimeSeconds()), _f.Call.Pki.LeafKey);
            return SipRedirect.WithRequestUri(SipMessage.Parse(TestCall.Invite()), DiversionFixture.RequestUri(DiversionFixture.C))
                .WithHeaderAdded(SipHeaderNames.Identity, $"{shaken};info=<{TestCall.X5u}>;ppt=shaken")
                .WithHeaderAdded(SipHeaderNames.Identity, _f.RawDiv(DiversionFixture.DivPayload(iat: TestCall.Now.AddSeconds(-divAgeSeconds).ToUnixTimeSeconds())));
        }

        var transfer = await _f.Verifier().VerifyAsync(Request(30, 0));
        var tooOld = await _f.Verifier(RequestUriOnly).VerifyAsync(Request(61, 0));
        var threeHours = await _f.Verifier(new VerifierOptions { DestinationSource = DestinationSource.RequestUri, DiversionOriginalMaxAge = TimeSpan.FromHours(3) }).VerifyAsync(Request(61, 0));
        var staleDiv = await _f.Verifier(RequestUriOnly).VerifyAsync(Request(30, 120));

        Assert.That(transfer.IsSuccess, Is.True, transfer.ToString());
        Assert.That(transfer.Headers[0].Status, Is.EqualTo(IdentityHeaderStatus.Verified), "stale alone, fresh enough as the original of a chain");
        Assert.That(tooOld.Diversions.Single().Failure!.Reason, Is.EqualTo(FailureReason.StaleIat));
        Assert.That(tooOld.Diversions.Single().FailedHop, Is.Null, "the failure is the root's");
        Assert.That(tooOld.Failure!.Reason, Is.EqualTo(FailureReason.DestMismatch), "the root judged alone");
        Assert.That(threeHours.IsSuccess, Is.True, threeHours.ToString());
        Assert.That(staleDiv.Diversions.Single().Failure!.Reason, Is.EqualTo(FailureReason.StaleIat));
        Assert.That(staleDiv.Diversions.Single().FailedHop!.HeaderIndex, Is.EqualTo(1));
        Assert.That(() => new VerifierOptions { DiversionOriginalMaxAge = TimeSpan.FromSeconds(30) }.Validate(), Throws.ArgumentException);
    }

    [TestCase("orig", FailureReason.DiversionOrigChanged)]
    [TestCase("link", FailureReason.DiversionNotLinked)]
    [TestCase("target", FailureReason.DiversionTargetMismatch)]
    [TestCase("signature", FailureReason.InvalidSignature)]
    [TestCase("untrusted", FailureReason.CertificateUntrusted)]
    [TestCase("opt", FailureReason.InvalidClaim)]
    [TestCase("nodiv", FailureReason.MissingClaim)]
    [TestCase("future", FailureReason.FutureIat)]
    [TestCase("x5u", FailureReason.X5uInfoMismatch)]
    [TestCase("info", FailureReason.InfoUrlRefused)]
    public async Task BrokenChain_FailsForItsReason_AndTheRootIsJudgedAlone(string broken, FailureReason expected)
    {
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var otherPki = TestPki.Create("9999", notBefore: TestCall.Now.AddDays(-1));
        _f.Call.Certificates.Add("https://other.example.net/div.pem", otherPki.Chain);
        var now = TestCall.Now.ToUnixTimeSeconds();
        var div = broken switch
        {
            "orig" => _f.RawDiv(DiversionFixture.DivPayload(orig: "12155550000")),
            "link" => _f.RawDiv(DiversionFixture.DivPayload(from: "12125550000")),
            "target" => _f.RawDiv(DiversionFixture.DivPayload(to: DiversionFixture.D)),
            "signature" => _f.RawDiv(DiversionFixture.DivPayload(), other),
            "untrusted" => _f.RawDiv(DiversionFixture.DivPayload(), otherPki.LeafKey, x5u: "https://other.example.net/div.pem"),
            "opt" => _f.RawDiv($"{{\"dest\":{{\"tn\":[\"{DiversionFixture.C}\"]}},\"div\":{{\"tn\":\"{DiversionFixture.B}\"}},\"iat\":{now},\"opt\":\"a.b.c\",\"orig\":{{\"tn\":\"{TestCall.Orig}\"}}}}"),
            "nodiv" => _f.RawDiv($"{{\"dest\":{{\"tn\":[\"{DiversionFixture.C}\"]}},\"iat\":{now},\"orig\":{{\"tn\":\"{TestCall.Orig}\"}}}}"),
            "future" => _f.RawDiv(DiversionFixture.DivPayload(iat: now + 3600)),
            "x5u" => _f.RawDiv(DiversionFixture.DivPayload()).Replace($";info=<{DiversionFixture.DivX5u}>", ";info=<https://div.example.net/other.pem>", StringComparison.Ordinal),
            _ => _f.RawDiv(DiversionFixture.DivPayload(), x5u: "http://div.example.net/div.pem"),
        };
        var request = _f.WithIdentities(DiversionFixture.C, div);

        var onTo = await _f.Verifier().VerifyAsync(request);
        var onRequestUri = await _f.Verifier(RequestUriOnly).VerifyAsync(request);

        Assert.That(onTo.IsSuccess, Is.True, "the SHAKEN root still verifies alone against To: " + onTo);
        Assert.That(onTo.Diversion, Is.Null);
        Assert.That(onTo.Headers[1].Status, Is.EqualTo(IdentityHeaderStatus.Failed));
        Assert.That(onTo.Headers[1].Failure!.Reason, Is.EqualTo(expected), onTo.Headers[1].Failure!.ToString());
        var chain = onTo.Diversions.Single();
        Assert.That(chain.Failure!.Reason, Is.EqualTo(expected));
        Assert.That(chain.Failure.StatusCode, Is.EqualTo(FailureReasons.Get(expected).StatusCode));
        Assert.That(chain.ToReasonHeaderValue(), Does.StartWith($"STIR ;cause={chain.Failure.StatusCode} ;text=").And.Contains(";ppi=\".."));
        Assert.That(onRequestUri.Failure!.Reason, Is.EqualTo(FailureReason.DestMismatch), "the root alone, exactly as without the div");
    }

    [Test]
    public async Task DivSigner_NeedsAuthorityOverTheDivNumber_NotOverOrig()
    {
        var (covering, coveringKey) = _f.Call.Pki.IssueLeaf(new TestLeafOptions { Spc = null, Numbers = [DiversionFixture.B], NotBefore = TestCall.Now.AddDays(-1), NotAfter = TestCall.Now.AddDays(3) });
        var (elsewhere, elsewhereKey) = _f.Call.Pki.IssueLeaf(new TestLeafOptions { Spc = null, Numbers = [TestCall.Orig], NotBefore = TestCall.Now.AddDays(-1), NotAfter = TestCall.Now.AddDays(3) });
        using (coveringKey)
        using (elsewhereKey)
        {
            _f.Call.Certificates.Add("https://div.example.net/b.pem", covering).Add("https://div.example.net/orig.pem", elsewhere);
            var options = new CertificateValidationOptions { RequireSpc = false };
            var verifier = _f.Call.Verifier(RequestUriOnly, options);

            var authorized = await verifier.VerifyAsync(_f.WithIdentities(DiversionFixture.C, _f.RawDiv(DiversionFixture.DivPayload(), coveringKey, x5u: "https://div.example.net/b.pem")));
            var notAuthorized = await verifier.VerifyAsync(_f.WithIdentities(DiversionFixture.C, _f.RawDiv(DiversionFixture.DivPayload(), elsewhereKey, x5u: "https://div.example.net/orig.pem")));

            Assert.That(authorized.Diversion, Is.Not.Null, authorized.Diversions.FirstOrDefault()?.ToString());
            Assert.That(notAuthorized.Diversions.Single().Failure!.Reason, Is.EqualTo(FailureReason.TnNotAuthorized));
            Assert.That(notAuthorized.Diversions.Single().Failure!.Detail, Does.Contain("div " + DiversionFixture.B));
        }
    }

    [Test]
    public async Task LinkIsMembershipInTheEarlierDest_WithCanonicalComparison()
    {
        // SHAKEN dest holds two numbers; the div diverts from the second, written with a '+' and dashes.
        var shaken = TestCall.RawJws(TestCall.ShakenHeader(), TestCall.ShakenPayload(dest: $"[\"12125550001\",\"{DiversionFixture.B}\"]"), _f.Call.Pki.LeafKey);
        var request = SipMessage.Parse(TestCall.Invite(extraHeaders: $"Identity: {shaken};info=<{TestCall.X5u}>;ppt=shaken"));
        request = SipRedirect.WithRequestUri(request, DiversionFixture.RequestUri(DiversionFixture.C))
            .WithHeaderAdded(SipHeaderNames.Identity, _f.RawDiv(DiversionFixture.DivPayload(from: "+1-212-555-1213")));

        var result = await _f.Verifier(RequestUriOnly).VerifyAsync(request);

        Assert.That(result.Diversion, Is.Not.Null, string.Join("; ", result.Diversions));
        Assert.That(result.Diversion!.OriginalDestination, Is.EqualTo(new[] { "12125550001", DiversionFixture.B }));
    }

    [TestCase(1)]
    [TestCase(5)]
    [TestCase(8)]
    public async Task DepthOfOneShakenAndUpToMaxDiversions_Verifies(int diversions)
    {
        var (request, target) = Chain(diversions);

        var result = await _f.Verifier(new VerifierOptions { DestinationSource = DestinationSource.RequestUri, MaxIdentityHeaders = 10 }).VerifyAsync(request);

        Assert.That(result.IsSuccess, Is.True, string.Join("; ", result.Diversions));
        Assert.That(result.Diversion!.Hops, Has.Count.EqualTo(diversions));
        Assert.That(result.Diversion.CurrentTarget, Is.EqualTo(new[] { target }));
        Assert.That(result.Diversion.Hops.Select(h => h.From!.Tn).First(), Is.EqualTo(DiversionFixture.B));
    }

    [Test]
    public async Task ChainLongerThanMaxDiversions_FailsForItsLength()
    {
        var (request, _) = Chain(6);

        var limited = await _f.Verifier(new VerifierOptions { DestinationSource = DestinationSource.RequestUri, MaxDiversions = 5 }).VerifyAsync(request);

        Assert.That(limited.IsSuccess, Is.False);
        Assert.That(limited.Diversions.Single().Failure!.Reason, Is.EqualTo(FailureReason.DiversionChainTooLong));
        Assert.That(() => new VerifierOptions { MaxDiversions = 4 }.Validate(), Throws.ArgumentException);
    }

    [Test]
    public async Task ShuffledChainOfFiveDiversions_Verifies()
    {
        var (request, _) = Chain(5);
        var identities = request.GetHeaderValues(SipHeaderNames.Identity);
        var text = request.ToString();
        foreach (var identity in identities)
        {
            text = text.Replace("Identity: " + identity + "\r\n", string.Empty, StringComparison.Ordinal);
        }

        var shuffled = SipMessage.Parse(text);
        foreach (var index in new[] { 3, 0, 5, 1, 4, 2 })
        {
            shuffled = shuffled.WithHeaderAdded(SipHeaderNames.Identity, identities[index]);
        }

        var result = await _f.Verifier(RequestUriOnly).VerifyAsync(shuffled);

        Assert.That(result.IsSuccess, Is.True, string.Join("; ", result.Diversions));
        Assert.That(result.Diversion!.Hops.Select(h => h.HeaderIndex), Is.EqualTo(new[] { 3, 5, 0, 4, 2 }), "innermost first, whatever the header order");
    }

    [Test]
    public async Task UnsupportedOriginal_ItsChainIsIgnored()
    {
        var rph = TestCall.RawJws(TestCall.ShakenHeader(ppt: "rph"), TestCall.ShakenPayload(), _f.Call.Pki.LeafKey);
        var request = SipMessage.Parse(TestCall.Invite(extraHeaders: $"Identity: {rph};info=<{TestCall.X5u}>;ppt=rph"));
        request = SipRedirect.WithRequestUri(request, DiversionFixture.RequestUri(DiversionFixture.C)).WithHeaderAdded(SipHeaderNames.Identity, _f.RawDiv(DiversionFixture.DivPayload()));

        var result = await _f.Verifier().VerifyAsync(request);

        Assert.That(result.Status, Is.EqualTo(VerificationStatus.NoIdentity));
        Assert.That(result.Diversions.Single().Status, Is.EqualTo(DiversionChainStatus.Ignored));
        Assert.That(result.Headers.Select(h => h.Status), Is.EqualTo(new[] { IdentityHeaderStatus.Skipped, IdentityHeaderStatus.Skipped }));
    }

    [Test]
    public async Task DivO_WithTheOriginalNestedInOpt_IsVerifiedAsAChain_ButNeverVerifiesTheCallAlone()
    {
        var original = _f.Original().GetHeaderValues(SipHeaderNames.Identity)[0];
        var originalToken = original[..original.IndexOf(';', StringComparison.Ordinal)];
        var claims = new PassportClaims(PassportIdentity.FromTn(TestCall.Orig), [DiversionFixture.C], TestCall.Now.ToUnixTimeSeconds())
        {
            Div = new PassportDiversion(PassportIdentity.FromTn(DiversionFixture.B)),
            Opt = originalToken,
        };
        var divO = _f.DivPassportSigner.Sign(new PassportHeader(DiversionFixture.DivX5u, PassportTypes.DivO), claims);
        var request = SipRedirect.WithRequestUri(SipMessage.Parse(TestCall.Invite()), DiversionFixture.RequestUri(DiversionFixture.C))
            .WithHeaderAdded(SipHeaderNames.Identity, $"{divO.FullForm};info=<{DiversionFixture.DivX5u}>;ppt=\"div-o\"");

        var result = await _f.Verifier(RequestUriOnly).VerifyAsync(request);

        var chain = result.Diversions.Single();
        Assert.That(chain.IsSuccess, Is.True, chain.ToString());
        Assert.That(chain.Root!.Header.Ppt, Is.EqualTo("shaken"));
        Assert.That(chain.Hops.Single().Ppt, Is.EqualTo("div-o"));
        Assert.That(result.IsSuccess, Is.False, "in SIP the original travels in its own Identity header; a nested one is reported, not trusted alone");
        Assert.That(result.Headers.Single().Status, Is.EqualTo(IdentityHeaderStatus.Verified));
    }

    [Test]
    public async Task ChainsAreCheckedLocally_BeforeAnyFetch()
    {
        var counting = new CountingSource(_f.Call.Certificates);
        var verifier = new StirShakenVerifier(counting, new CertificateValidator(_f.Call.Pki.TrustAnchors), RequestUriOnly, new StirShakenVerifierDependencies { TimeProvider = _f.Call.Clock });

        var result = await verifier.VerifyAsync(_f.WithIdentities(DiversionFixture.C, _f.RawDiv(DiversionFixture.DivPayload(orig: "12155550000"))));

        Assert.That(result.Diversions.Single().Failure!.Reason, Is.EqualTo(FailureReason.DiversionOrigChanged));
        Assert.That(counting.Calls, Is.Zero, "orig changed: no certificate fetched for the chain, and the root failed its dest binding first");
    }

    private (SipMessage Request, string Target) Chain(int diversions)
    {
        var message = _f.Original();
        var previous = DiversionFixture.B;
        for (var i = 1; i <= diversions; i++)
        {
            var next = "1212555" + (3000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture);
            message = _f.Diverter.Retarget(message, next, DiversionFixture.RequestUri(next));
            previous = next;
        }

        return (message, previous);
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
