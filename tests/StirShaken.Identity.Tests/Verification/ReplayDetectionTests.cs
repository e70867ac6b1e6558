using System.Diagnostics.Metrics;
using StirShaken.Identity.Certificates;
using StirShaken.Identity.Diagnostics;
using StirShaken.Identity.Passport;
using StirShaken.Identity.Sip;
using StirShaken.Identity.Verification;

namespace StirShaken.Identity.Tests.Verification;

/// <summary>
/// Replay detection (RFC 8224 §12.1; README "Repeats and replays"): the same PASSporT in a request with another Call-ID
/// within the freshness window. Retransmissions and forks keep the Call-ID (RFC 3261 §16.6) and are never replays.
/// </summary>
public class ReplayDetectionTests
{
    private const string OtherCallId = "Call-ID: f81d4fae-7dec-11d0-a765-00a0c91e6bf6@attacker.example";

    private TestCall _call = null!;

    [SetUp]
    public void SetUp() => _call = new TestCall();

    [TearDown]
    public void TearDown() => _call.Dispose();

    private StirShakenVerifier Verifier(ReplayPolicy policy, bool resultCache = true, ReplayDetector? detector = null, StirShakenMetrics? metrics = null) =>
        new(_call.Certificates, new CertificateValidator(_call.Pki.TrustAnchors),
            new VerifierOptions { Replay = { Policy = policy }, ResultCache = { Enabled = resultCache } },
            new StirShakenVerifierDependencies { TimeProvider = _call.Clock, ReplayDetector = detector, Metrics = metrics });

    private static string WithOtherCallId(string invite) =>
        invite.Replace("Call-ID: a84b4c76e66710@pc33.example.com", OtherCallId, StringComparison.Ordinal);

    [Test]
    public async Task Default_IsReport()
    {
        Assert.That(new VerifierOptions().Replay.Policy, Is.EqualTo(ReplayPolicy.Report));
        var verifier = new StirShakenVerifier(_call.Certificates, new CertificateValidator(_call.Pki.TrustAnchors), null, new StirShakenVerifierDependencies { TimeProvider = _call.Clock });
        var invite = _call.SignedInvite();

        await verifier.VerifyAsync(invite);
        var replayed = await verifier.VerifyAsync(WithOtherCallId(invite));

        Assert.That(replayed.IsSuccess, Is.True);
        Assert.That(replayed.IsReplay, Is.True);
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task Report_FlagsTheReplay_AndKeepsTheVerdict(bool resultCache)
    {
        using var metrics = new StirShakenMetrics();
        using var replays = new ReplayCounter();
        var verifier = Verifier(ReplayPolicy.Report, resultCache, metrics: metrics);
        var invite = _call.SignedInvite();

        var original = await verifier.VerifyAsync(invite);
        var replayed = await verifier.VerifyAsync(WithOtherCallId(invite));

        Assert.That(original.IsReplay, Is.False);
        Assert.That(replayed.IsSuccess, Is.True, replayed.ToString());
        Assert.That(replayed.IsReplay, Is.True);
        Assert.That(replayed.Headers[0].IsReplay, Is.True);
        Assert.That(replays.Counts, Is.EqualTo(new Dictionary<string, int> { ["report"] = 1 }));
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task Reject_FailsTheReplayWith438(bool resultCache)
    {
        var verifier = Verifier(ReplayPolicy.Reject, resultCache);
        var invite = _call.SignedInvite();

        var original = await verifier.VerifyAsync(invite);
        var replayed = await verifier.VerifyAsync(WithOtherCallId(invite));

        Assert.That(original.IsSuccess, Is.True);
        Assert.That(replayed.IsSuccess, Is.False);
        Assert.That(replayed.Failure!.Reason, Is.EqualTo(FailureReason.ReplayedPassport));
        Assert.That(replayed.Failure.StatusCode, Is.EqualTo(438));
        Assert.That(replayed.IsReplay, Is.True);
        Assert.That(replayed.Headers[0].Status, Is.EqualTo(IdentityHeaderStatus.Failed));
        Assert.That(replayed.CreateFailureResponse(SipMessage.Parse(WithOtherCallId(invite))).ToString(), Does.Contain("438 Invalid Identity Header"));
    }

    [Test]
    public async Task Reject_StillPassesTheOriginalCall_OnRetransmission()
    {
        var verifier = Verifier(ReplayPolicy.Reject);
        var invite = _call.SignedInvite();

        await verifier.VerifyAsync(invite);
        await verifier.VerifyAsync(WithOtherCallId(invite));
        var retransmission = await verifier.VerifyAsync(invite);

        Assert.That(retransmission.IsSuccess, Is.True, "the first Call-ID stays the owner of the PASSporT");
        Assert.That(retransmission.IsReplay, Is.False);
    }

    [Test]
    public async Task Off_NeverFlags()
    {
        var verifier = Verifier(ReplayPolicy.Off);
        var invite = _call.SignedInvite();

        await verifier.VerifyAsync(invite);
        var replayed = await verifier.VerifyAsync(WithOtherCallId(invite));

        Assert.That(replayed.IsSuccess, Is.True);
        Assert.That(replayed.IsReplay, Is.False);
    }

    [TestCase(ReplayPolicy.Report)]
    [TestCase(ReplayPolicy.Reject)]
    public async Task ForksAndRetransmissions_AreNotReplays(ReplayPolicy policy)
    {
        var verifier = Verifier(policy);
        var invite = _call.SignedInvite();

        // RFC 3261 §16.6: a forking proxy changes the Request-URI and adds its Via; the Call-ID stays.
        var fork = invite
            .Replace("INVITE sip:+12125551213@example.net;user=phone", "INVITE sip:+12125551213@gw2.example.net;user=phone", StringComparison.Ordinal)
            .Replace("Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK776asdhds", "Via: SIP/2.0/UDP 198.51.100.7;branch=z9hG4bKfork2\r\nVia: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK776asdhds", StringComparison.Ordinal);
        var results = new List<VerificationResult>();
        foreach (var message in new[] { invite, invite, fork, fork, invite })
        {
            results.Add(await verifier.VerifyAsync(message));
        }

        Assert.That(results.Select(r => r.IsSuccess), Is.All.True);
        Assert.That(results.Select(r => r.IsReplay), Is.All.False);
    }

    [Test]
    public async Task SameInviteToTwoVerifiers_SharingAStore_IsNotAReplay_ButACopyIs()
    {
        var detector = new ReplayDetector();
        var first = Verifier(ReplayPolicy.Reject, detector: detector);
        var second = Verifier(ReplayPolicy.Reject, detector: detector);
        var invite = _call.SignedInvite();

        var a = await first.VerifyAsync(invite);
        var b = await second.VerifyAsync(invite);
        var copy = await second.VerifyAsync(WithOtherCallId(invite));

        Assert.That(a.IsSuccess && b.IsSuccess, Is.True);
        Assert.That(copy.Failure?.Reason, Is.EqualTo(FailureReason.ReplayedPassport), "seen by the other verifier of the process");
        Assert.That(detector.Count, Is.EqualTo(1));
    }

    [Test]
    public async Task AfterTheFreshnessWindow_TheEntryExpires()
    {
        var detector = new ReplayDetector();
        var verifier = Verifier(ReplayPolicy.Reject, detector: detector);
        var invite = _call.SignedInvite();

        await verifier.VerifyAsync(invite);
        _call.Clock.Advance(TimeSpan.FromSeconds(61));
        var stale = await verifier.VerifyAsync(WithOtherCallId(invite));

        Assert.That(stale.Failure?.Reason, Is.EqualTo(FailureReason.StaleIat), "the freshness check refuses it first");
        Assert.That(detector.IsReplay(1, "b", TestCall.Now.AddSeconds(200), _call.Clock.GetUtcNow()), Is.False);
        Assert.That(detector.Count, Is.EqualTo(1), "the expired entry was swept when the new one was added");
    }

    [Test]
    public async Task DistinctPassports_AreNotReplays()
    {
        var verifier = Verifier(ReplayPolicy.Reject);

        var first = await verifier.VerifyAsync(_call.SignedInvite());
        var second = await verifier.VerifyAsync(WithOtherCallId(_call.SignedInvite(Attestation.B)));

        Assert.That(first.IsSuccess && second.IsSuccess, Is.True);
        Assert.That(second.IsReplay, Is.False);
    }

    [Test]
    public async Task FailedPassports_AreNeverRecorded()
    {
        var detector = new ReplayDetector();
        var verifier = Verifier(ReplayPolicy.Reject, detector: detector);
        var invite = _call.SignedInvite();
        var tampered = invite.Replace("To: <sip:+12125551213@", "To: <sip:+12125550000@", StringComparison.Ordinal);

        var bad = await verifier.VerifyAsync(WithOtherCallId(tampered));
        var good = await verifier.VerifyAsync(invite);

        Assert.That(bad.Failure?.Reason, Is.EqualTo(FailureReason.DestMismatch));
        Assert.That(good.IsSuccess, Is.True, "a failed request never claims a PASSporT for its Call-ID");
    }

    [Test]
    public void Store_IsBounded_WhenFull_TheOldestIsForgotten()
    {
        using var metrics = new StirShakenMetrics();
        using var evictions = new ReplayCounter("stirshaken.cache.evictions", "cache");
        var detector = new ReplayDetector(new ReplayDetectionOptions { MaxEntries = 100 }, metrics);
        var now = TestCall.Now;

        for (UInt128 key = 0; key < 10_000; key++)
        {
            Assert.That(detector.IsReplay(key, "a", now.AddMinutes(1), now), Is.False);
        }

        Assert.That(detector.Count, Is.EqualTo(100));
        Assert.That(evictions.Counts["replay"], Is.EqualTo(9_900));
        Assert.That(detector.IsReplay(9_999, "b", now.AddMinutes(1), now), Is.True, "the newest are remembered");
        Assert.That(detector.IsReplay(0, "b", now.AddMinutes(1), now), Is.False, "the oldest was forgotten: a replay of it goes unnoticed");
    }

    [Test]
    public void Store_DropsExpiredEntriesBeforeEvictingLiveOnes()
    {
        var detector = new ReplayDetector(new ReplayDetectionOptions { MaxEntries = 10 });
        var now = TestCall.Now;
        for (UInt128 key = 0; key < 10; key++)
        {
            detector.IsReplay(key, "a", now.AddSeconds(1), now);
        }

        detector.IsReplay(100, "a", now.AddMinutes(5), now.AddSeconds(2));

        Assert.That(detector.Count, Is.EqualTo(1));
    }

    [Test]
    public void LongCallIds_AreComparedByHash_AndNeverMatchAShortOne()
    {
        var detector = new ReplayDetector();
        var now = TestCall.Now;
        var longId = new string('x', 500) + "@example.com";

        Assert.That(detector.IsReplay(1, longId, now.AddMinutes(1), now), Is.False);
        Assert.That(detector.IsReplay(1, new string('x', 500) + "@example.com", now.AddMinutes(1), now), Is.False, "the same long Call-ID");
        Assert.That(detector.IsReplay(1, new string('x', 500) + "@example.org", now.AddMinutes(1), now), Is.True);
        Assert.That(detector.IsReplay(1, "short@example.com", now.AddMinutes(1), now), Is.True);
    }

    [Test]
    public void Options_AreValidated()
    {
        Assert.Throws<ArgumentException>(() => new VerifierOptions { Replay = { MaxEntries = 0 } }.Validate());
        Assert.Throws<ArgumentException>(() => new VerifierOptions { Replay = { Policy = (ReplayPolicy)7 } }.Validate());
        Assert.That(FailureReasons.Get(FailureReason.ReplayedPassport).StatusCode, Is.EqualTo(438));
        var a = ReplayDetectionOptions.Default;
        Assert.That(ReplayDetectionOptions.Default, Is.Not.SameAs(a));
    }

    /// <summary>Sums a library counter by one tag (tests run one at a time in this project).</summary>
    private sealed class ReplayCounter : IDisposable
    {
        private readonly MeterListener _listener = new();

        public ReplayCounter(string name = "stirshaken.replays", string tag = "policy")
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == StirShakenDiagnostics.MeterName && instrument.Name == name)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                foreach (var t in tags)
                {
                    if (t.Key == tag && t.Value is string key)
                    {
                        Counts[key] = Counts.GetValueOrDefault(key) + (int)value;
                    }
                }
            });
            _listener.Start();
        }

        public Dictionary<string, int> Counts { get; } = [];

        public void Dispose() => _listener.Dispose();
    }
}
