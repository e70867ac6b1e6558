using System.Diagnostics.Metrics;
using System.Security.Cryptography;
using StirShaken.Identity.Certificates;
using StirShaken.Identity.Certificates.Fetching;
using StirShaken.Identity.Certificates.Revocation;
using StirShaken.Identity.Diagnostics;
using StirShaken.Identity.Passport;
using StirShaken.Identity.Signing;
using StirShaken.Identity.Sip;
using StirShaken.Identity.Testing;
using StirShaken.Identity.Verification;

namespace StirShaken.Identity.Tests.Verification;

/// <summary>
/// The result cache for repeated Identity headers (README "Repeats and replays"): a hit skips decoding, the credential
/// and the signature, never the checks that depend on the request or the time.
/// </summary>
public class ResultCacheTests
{
    private TestCall _call = null!;

    [SetUp]
    public void SetUp() => _call = new TestCall();

    [TearDown]
    public void TearDown() => _call.Dispose();

    private (StirShakenVerifier Verifier, CountingSource Source, PassportVerificationCache Cache) Create(VerifierOptions? options = null, PassportVerificationCache? cache = null)
    {
        var source = new CountingSource(_call.Certificates);
        cache ??= new PassportVerificationCache();
        var verifier = new StirShakenVerifier(source, new CertificateValidator(_call.Pki.TrustAnchors), options,
            new StirShakenVerifierDependencies { TimeProvider = _call.Clock, ResultCache = cache });
        return (verifier, source, cache);
    }

    [Test]
    public async Task Repeat_IsAnsweredFromTheCache_WithTheSameVerdict()
    {
        var (verifier, source, cache) = Create();
        var invite = _call.SignedInvite();

        var first = await verifier.VerifyAsync(invite);
        var second = await verifier.VerifyAsync(invite);

        Assert.That(first.IsSuccess && second.IsSuccess, Is.True, second.ToString());
        Assert.That(source.Calls, Is.EqualTo(1), "the repeat neither fetched nor validated the certificate again");
        Assert.That(cache.Count, Is.EqualTo(1));
        Assert.That(second.Headers[0].Verification, Is.SameAs(first.Headers[0].Verification));
        Assert.That(second.Passport, Is.SameAs(first.Passport), "the decoded PASSporT is reused too");
        Assert.That((second.Attestation, second.Orig, second.Spc, second.Verstat), Is.EqualTo((first.Attestation, first.Orig, first.Spc, first.Verstat)));
    }

    [Test]
    public async Task Disabled_VerifiesEveryRepeatInFull()
    {
        var (verifier, source, cache) = Create(new VerifierOptions { ResultCache = { Enabled = false } });
        var invite = _call.SignedInvite();

        await verifier.VerifyAsync(invite);
        var second = await verifier.VerifyAsync(invite);

        Assert.That(second.IsSuccess, Is.True);
        Assert.That(source.Calls, Is.EqualTo(2));
        Assert.That(cache.Count, Is.Zero);
    }

    [Test]
    public async Task Entry_ExpiresAfterMaxLifetime()
    {
        var options = new VerifierOptions { MaxAge = TimeSpan.FromMinutes(10), ResultCache = { MaxLifetime = TimeSpan.FromSeconds(5) } };
        var (verifier, source, cache) = Create(options, new PassportVerificationCache(options.ResultCache));
        var invite = _call.SignedInvite();

        await verifier.VerifyAsync(invite);
        _call.Clock.Advance(TimeSpan.FromSeconds(4));
        await verifier.VerifyAsync(invite);
        Assert.That(source.Calls, Is.EqualTo(1), "a hit before MaxLifetime");

        _call.Clock.Advance(TimeSpan.FromSeconds(2));
        var late = await verifier.VerifyAsync(invite);

        Assert.That(late.IsSuccess, Is.True, late.ToString());
        Assert.That(source.Calls, Is.EqualTo(2), "a miss after MaxLifetime: verified in full again");
        Assert.That(cache.Count, Is.EqualTo(1));
    }

    [Test]
    public async Task Hit_StillChecksDest_AgainstThisRequest()
    {
        var (verifier, _, _) = Create();
        var invite = _call.SignedInvite();
        var retargeted = invite.Replace("To: <sip:+12125551213@", "To: <sip:+12125550000@", StringComparison.Ordinal);

        var first = await verifier.VerifyAsync(invite);
        var other = await verifier.VerifyAsync(retargeted);

        Assert.That(first.IsSuccess, Is.True);
        Assert.That(other.Failure?.Reason, Is.EqualTo(FailureReason.DestMismatch));
        Assert.That(other.Failure!.StatusCode, Is.EqualTo(438));
    }

    [Test]
    public async Task Hit_StillChecksOrig_AgainstThisRequest()
    {
        var (verifier, _, _) = Create();
        var invite = _call.SignedInvite();
        var spoofed = invite.Replace("From: \"Alice\" <sip:+1-215-555-1212@", "From: \"Alice\" <sip:+1-215-555-9999@", StringComparison.Ordinal);

        await verifier.VerifyAsync(invite);
        var other = await verifier.VerifyAsync(spoofed);

        Assert.That(other.Failure?.Reason, Is.EqualTo(FailureReason.OrigMismatch));
    }

    [Test]
    public async Task Hit_StillChecksFreshness_Now()
    {
        var (verifier, source, _) = Create(new VerifierOptions { MaxAge = TimeSpan.FromSeconds(60), ResultCache = { MaxLifetime = TimeSpan.FromMinutes(10) } });
        var invite = _call.SignedInvite();

        await verifier.VerifyAsync(invite);
        _call.Clock.Advance(TimeSpan.FromSeconds(61));
        var stale = await verifier.VerifyAsync(invite);

        Assert.That(stale.Failure?.Reason, Is.EqualTo(FailureReason.StaleIat));
        Assert.That(stale.Failure!.StatusCode, Is.EqualTo(403));
        Assert.That(source.Calls, Is.EqualTo(1));
    }

    [Test]
    public async Task Hit_StillChecksCertificateValidity_Now()
    {
        // A chain whose certificates expire 30 s after the first verification; the freshness window is far longer.
        using var pki = TestPki.Create("1234", notBefore: TestCall.Now.AddDays(-1), validity: TimeSpan.FromDays(1) + TimeSpan.FromSeconds(30));
        using var signer = new PassportSigner(pki.LeafKey, TestCall.X5u, _call.Clock);
        var source = new CountingSource(new InMemoryCertificateSource().Add(TestCall.X5u, pki.Chain));
        var options = new VerifierOptions { MaxAge = TimeSpan.FromMinutes(10), ResultCache = { MaxLifetime = TimeSpan.FromMinutes(10) } };
        var verifier = new StirShakenVerifier(source, new CertificateValidator(pki.TrustAnchors), options,
            new StirShakenVerifierDependencies { TimeProvider = _call.Clock });
        var invite = signer.Sign(SipMessage.Parse(TestCall.Invite()), Attestation.A, "123e4567-e89b-12d3-a456-426655440000").ToString();

        var first = await verifier.VerifyAsync(invite);
        _call.Clock.Advance(TimeSpan.FromSeconds(45));
        var later = await verifier.VerifyAsync(invite);

        Assert.That(first.IsSuccess, Is.True, first.ToString());
        Assert.That(first.Headers[0].Verification!.ValidUntil, Is.LessThan(_call.Clock.GetUtcNow()));
        Assert.That(later.Failure?.Reason, Is.EqualTo(FailureReason.CertificateExpired), later.ToString());
        Assert.That(later.Failure!.StatusCode, Is.EqualTo(437));
    }

    [Test]
    public async Task Hit_StillChecksRevocation_WithTheCrlCacheOfNow()
    {
        const string crlUrl = "https://crl.example/sp.crl";
        var (chain, key) = _call.Pki.IssueLeaf(new TestLeafOptions { CrlDistributionPointUrl = crlUrl });
        using var signer = new PassportSigner(key, TestCall.X5u, _call.Clock);
        var crls = new CrlFetcher();
        crls.Body = _call.Pki.IssueCrl([], TestCall.Now.AddHours(-1), TestCall.Now.AddSeconds(30)); // cached until nextUpdate
        var revocation = new CrlChecker(new RevocationOptions { Mode = RevocationMode.HardFail }, _call.Pki.TrustAnchors, crls, _call.Clock, null, null);
        var source = new CountingSource(new InMemoryCertificateSource().Add(TestCall.X5u, chain));
        var verifier = new StirShakenVerifier(source, new CertificateValidator(_call.Pki.TrustAnchors),
            new VerifierOptions { MaxAge = TimeSpan.FromMinutes(10), ResultCache = { MaxLifetime = TimeSpan.FromMinutes(10) } },
            new StirShakenVerifierDependencies { TimeProvider = _call.Clock, Revocation = revocation });
        var invite = signer.Sign(SipMessage.Parse(TestCall.Invite()), Attestation.A, "123e4567-e89b-12d3-a456-426655440000").ToString();

        var first = await verifier.VerifyAsync(invite);
        crls.Body = _call.Pki.IssueCrl([chain.Leaf], TestCall.Now, TestCall.Now.AddDays(1));
        var stillCached = await verifier.VerifyAsync(invite);
        _call.Clock.Advance(TimeSpan.FromSeconds(31));
        var revoked = await verifier.VerifyAsync(invite);

        Assert.That(first.IsSuccess, Is.True, first.ToString());
        Assert.That(stillCached.IsSuccess, Is.True, "the CRL cache still holds the CRL that does not list the leaf");
        Assert.That(revoked.Failure?.Reason, Is.EqualTo(FailureReason.CertificateRevoked), revoked.ToString());
        Assert.That(revoked.Failure!.StatusCode, Is.EqualTo(437));
        Assert.That(source.Calls, Is.EqualTo(1), "every repeat was a cache hit: only revocation was checked again");
    }

    [Test]
    public async Task Failures_AreNeverCached()
    {
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var (verifier, source, cache) = Create();
        var forged = _call.InviteWithRawPassport(TestCall.ShakenHeader(), TestCall.ShakenPayload(), other);

        var first = await verifier.VerifyAsync(forged);
        var second = await verifier.VerifyAsync(forged);

        Assert.That(second.Failure?.Reason, Is.EqualTo(FailureReason.InvalidSignature));
        Assert.That(first.Failure?.Reason, Is.EqualTo(FailureReason.InvalidSignature));
        Assert.That(cache.Count, Is.Zero);
        Assert.That(source.Calls, Is.EqualTo(2));
    }

    [Test]
    public async Task TransientFetchFailure_IsNotRemembered()
    {
        var flaky = new FlakySource(_call.Certificates) { Fail = true };
        var cache = new PassportVerificationCache();
        var verifier = new StirShakenVerifier(flaky, new CertificateValidator(_call.Pki.TrustAnchors), null,
            new StirShakenVerifierDependencies { TimeProvider = _call.Clock, ResultCache = cache });
        var invite = _call.SignedInvite();

        var down = await verifier.VerifyAsync(invite);
        flaky.Fail = false;
        var up = await verifier.VerifyAsync(invite);

        Assert.That(down.Failure?.Reason, Is.EqualTo(FailureReason.CertificateUnavailable));
        Assert.That(up.IsSuccess, Is.True, up.ToString());
    }

    [Test]
    public async Task FloodOfDistinctFailingHeaders_NeverEntersTheCache()
    {
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var (verifier, _, cache) = Create();

        for (var i = 0; i < 200; i++)
        {
            var forged = _call.InviteWithRawPassport(TestCall.ShakenHeader(), TestCall.ShakenPayload(origId: $",\"origid\":\"123e4567-e89b-12d3-a456-{i:D12}\""), other);
            var result = await verifier.VerifyAsync(forged);
            Assert.That(result.IsSuccess, Is.False);
        }

        Assert.That(cache.Count, Is.Zero);
    }

    [Test]
    public async Task Cache_IsBoundedByEntries_UnderAFloodOfDistinctVerifiedHeaders()
    {
        using var metrics = new StirShakenMetrics();
        using var counted = new EvictionCounter();
        var cache = new PassportVerificationCache(new PassportVerificationCacheOptions { MaxEntries = 20 }, metrics);
        var (verifier, _, _) = Create(cache: cache);

        for (var i = 0; i < 100; i++)
        {
            var invite = _call.InviteWithRawPassport(TestCall.ShakenHeader(), TestCall.ShakenPayload(origId: $",\"origid\":\"123e4567-e89b-12d3-a456-{i:D12}\""));
            Assert.That((await verifier.VerifyAsync(invite)).IsSuccess, Is.True);
        }

        Assert.That(cache.Count, Is.EqualTo(20));
        Assert.That(counted.Evictions, Is.EqualTo(80));
    }

    [Test]
    public void Cache_IsBoundedByMemory_AndSkipsLongValues()
    {
        var options = new PassportVerificationCacheOptions { MaxEntries = 1_000_000, MaxBytes = 64 * 1024, MaxValueLength = 1_000 };
        var cache = new PassportVerificationCache(options);
        var partition = new CachePartition(_call.Certificates, new CertificateValidator(_call.Pki.TrustAnchors), new VerifierOptions());
        var entry = Entry(800);

        for (var i = 0; i < 10_000; i++)
        {
            cache.Set(partition, i.ToString("D800", System.Globalization.CultureInfo.InvariantCulture), entry);
        }

        cache.Set(partition, new string('x', 1_001), Entry(1_001));

        Assert.That(cache.EstimatedBytes, Is.LessThanOrEqualTo(options.MaxBytes));
        Assert.That(cache.Count, Is.EqualTo((int)(options.MaxBytes / PassportVerificationCache.EstimateBytes(800))));
        Assert.That(cache.Find(partition, new string('x', 1_001)), Is.Null);
        Assert.That(cache.Find(partition, 9_999.ToString("D800", System.Globalization.CultureInfo.InvariantCulture)), Is.Not.Null, "the most recent survives");
        Assert.That(cache.Find(partition, 0.ToString("D800", System.Globalization.CultureInfo.InvariantCulture)), Is.Null, "the oldest unused went first");

        CachedPassport Entry(int length) => new(default, PassportVerification.Failed(null, null, new VerificationFailure(FailureReason.InternalError, "test")),
            _call.Pki.Chain, TestCall.Now, TestCall.Now.AddMinutes(1), PassportVerificationCache.EstimateBytes(length));
    }

    [Test]
    public void Eviction_GivesAnEntryUsedSinceTheLastTurn_ASecondChance()
    {
        var cache = new PassportVerificationCache(new PassportVerificationCacheOptions { MaxEntries = 3 });
        var partition = new CachePartition(_call.Certificates, new CertificateValidator(_call.Pki.TrustAnchors), new VerifierOptions());
        var entry = new CachedPassport(default, PassportVerification.Failed(null, null, new VerificationFailure(FailureReason.InternalError, "test")),
            _call.Pki.Chain, TestCall.Now, TestCall.Now.AddMinutes(1), PassportVerificationCache.EstimateBytes(1));
        foreach (var value in new[] { "a", "b", "c" })
        {
            cache.Set(partition, value, entry);
        }

        Assert.That(cache.Find(partition, "a"), Is.SameAs(entry));
        cache.Set(partition, "d", entry);

        Assert.That(cache.Count, Is.EqualTo(3));
        Assert.That(cache.Find(partition, "a"), Is.Not.Null, "used: kept");
        Assert.That(cache.Find(partition, "b"), Is.Null, "the oldest unused entry went");
        Assert.That(cache.Find(partition, "d"), Is.Not.Null);
    }

    [Test]
    public async Task Cache_StaysConsistent_UnderConcurrentHitsAndInserts()
    {
        var cache = new PassportVerificationCache(new PassportVerificationCacheOptions { MaxEntries = 50 });
        var partition = new CachePartition(_call.Certificates, new CertificateValidator(_call.Pki.TrustAnchors), new VerifierOptions());
        var entry = new CachedPassport(default, PassportVerification.Failed(null, null, new VerificationFailure(FailureReason.InternalError, "test")),
            _call.Pki.Chain, TestCall.Now, TestCall.Now.AddMinutes(1), PassportVerificationCache.EstimateBytes(8));

        await Task.WhenAll(Enumerable.Range(0, 4).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < 20_000; i++)
            {
                var value = ((i * 7) + t).ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (cache.Get(partition, value, null, TestCall.Now) is null)
                {
                    cache.Set(partition, value, entry);
                }

                if (i % 100 == 0)
                {
                    cache.Remove(partition, value, entry);
                }
            }
        })));

        Assert.That(cache.Count, Is.InRange(1, 50));
        Assert.That(cache.EstimatedBytes, Is.EqualTo(cache.Count * PassportVerificationCache.EstimateBytes(8)));
    }

    [Test]
    public async Task TwoVerifiersWithTheSameConfiguration_ShareVerdicts()
    {
        var cache = new PassportVerificationCache();
        var source = new CountingSource(_call.Certificates);
        var validator = new CertificateValidator(_call.Pki.TrustAnchors);
        var dependencies = new StirShakenVerifierDependencies { TimeProvider = _call.Clock, ResultCache = cache };
        var first = new StirShakenVerifier(source, validator, new VerifierOptions(), dependencies);
        var second = new StirShakenVerifier(source, validator, new VerifierOptions { RequireIdentity = true }, dependencies);
        var invite = _call.SignedInvite();

        await first.VerifyAsync(invite);
        var result = await second.VerifyAsync(invite);

        Assert.That(result.IsSuccess, Is.True);
        Assert.That(source.Calls, Is.EqualTo(1), "the second verifier answered from the shared cache");
    }

    [Test]
    public async Task VerifierWithOtherTrustAnchors_NeverSeesAnotherVerifiersVerdict()
    {
        using var otherPki = TestPki.Create("5678", notBefore: TestCall.Now.AddDays(-30));
        var cache = new PassportVerificationCache();
        var dependencies = new StirShakenVerifierDependencies { TimeProvider = _call.Clock, ResultCache = cache };
        var trusting = new StirShakenVerifier(_call.Certificates, new CertificateValidator(_call.Pki.TrustAnchors), null, dependencies);
        var other = new StirShakenVerifier(_call.Certificates, new CertificateValidator(otherPki.TrustAnchors), null, dependencies);
        var invite = _call.SignedInvite();

        var trusted = await trusting.VerifyAsync(invite);
        var untrusted = await other.VerifyAsync(invite);

        Assert.That(trusted.IsSuccess, Is.True);
        Assert.That(untrusted.Failure?.Reason, Is.EqualTo(FailureReason.CertificateUntrusted));
    }

    [Test]
    public async Task VerifierWithOtherPolicy_NeverSeesAnotherVerifiersVerdict()
    {
        var cache = new PassportVerificationCache();
        var validator = new CertificateValidator(_call.Pki.TrustAnchors);
        var dependencies = new StirShakenVerifierDependencies { TimeProvider = _call.Clock, ResultCache = cache };
        var shaken = new StirShakenVerifier(_call.Certificates, validator, null, dependencies);
        var divOnly = new StirShakenVerifier(_call.Certificates, validator, new VerifierOptions { SupportedPpts = new HashSet<string> { PassportTypes.Div } }, dependencies);
        var invite = _call.SignedInvite();

        await shaken.VerifyAsync(invite);
        var skipped = await divOnly.VerifyAsync(invite);

        Assert.That(skipped.Status, Is.EqualTo(VerificationStatus.NoIdentity));
        Assert.That(skipped.Headers[0].Status, Is.EqualTo(IdentityHeaderStatus.Skipped));
    }

    [Test]
    public async Task Metrics_CountHitsAndMisses()
    {
        using var metrics = new StirShakenMetrics();
        using var listener = new ResultCacheCounter();
        var verifier = new StirShakenVerifier(_call.Certificates, new CertificateValidator(_call.Pki.TrustAnchors), null,
            new StirShakenVerifierDependencies { TimeProvider = _call.Clock, Metrics = metrics });
        var invite = _call.SignedInvite();

        for (var i = 0; i < 3; i++)
        {
            await verifier.VerifyAsync(invite);
        }

        Assert.That((listener.Hits, listener.Misses), Is.EqualTo((2, 1)));
    }

    [Test]
    public void Options_AreValidated()
    {
        Assert.Throws<ArgumentException>(() => new VerifierOptions { ResultCache = { MaxEntries = 0 } }.Validate());
        Assert.Throws<ArgumentException>(() => new VerifierOptions { ResultCache = { MaxLifetime = TimeSpan.Zero } }.Validate());
        Assert.Throws<ArgumentException>(() => new VerifierOptions { ResultCache = { MaxBytes = 1 } }.Validate());
        Assert.Throws<ArgumentException>(() => new VerifierOptions { ResultCache = null! }.Validate());
        var a = PassportVerificationCacheOptions.Default;
        Assert.That(PassportVerificationCacheOptions.Default, Is.Not.SameAs(a));
        Assert.That(PassportVerificationCacheOptions.Default.Enabled, Is.True);
    }

    internal sealed class CountingSource(ICertificateSource inner) : ICertificateSource
    {
        public int Calls;

        public ValueTask<CertificateFetchResult> GetCertificateChainAsync(string url, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref Calls);
            return inner.GetCertificateChainAsync(url, cancellationToken);
        }
    }

    private sealed class CrlFetcher : IBoundedFetcher
    {
        public byte[] Body { get; set; } = [];

        public Task<HttpFetchResult> GetAsync(string url, string kind, int maxBytes, string accept, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpFetchResult(Body, CertificateFetchFailure.None, null, 200, HttpFreshness.None));
    }

    private sealed class FlakySource(ICertificateSource inner) : ICertificateSource
    {
        public bool Fail { get; set; }

        public ValueTask<CertificateFetchResult> GetCertificateChainAsync(string url, CancellationToken cancellationToken = default) =>
            Fail ? ValueTask.FromResult(CertificateFetchResult.Fail(CertificateFetchFailure.Timeout, "timed out")) : inner.GetCertificateChainAsync(url, cancellationToken);
    }

    /// <summary>Sums the library's result-cache counters (tests run one at a time in this project).</summary>
    private sealed class ResultCacheCounter : IDisposable
    {
        private readonly MeterListener _listener = new();

        public ResultCacheCounter()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == StirShakenDiagnostics.MeterName && instrument.Name is "stirshaken.cache.hits" or "stirshaken.cache.misses")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    if (tag.Key == "cache" && (string?)tag.Value == "result")
                    {
                        if (instrument.Name == "stirshaken.cache.hits")
                        {
                            Hits += (int)value;
                        }
                        else
                        {
                            Misses += (int)value;
                        }
                    }
                }
            });
            _listener.Start();
        }

        public int Hits { get; private set; }

        public int Misses { get; private set; }

        public void Dispose() => _listener.Dispose();
    }

    /// <summary>Sums <c>stirshaken.cache.evictions</c> with <c>cache=result</c>.</summary>
    private sealed class EvictionCounter : IDisposable
    {
        private readonly MeterListener _listener = new();

        public EvictionCounter()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == StirShakenDiagnostics.MeterName && instrument.Name == "stirshaken.cache.evictions")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    if (tag.Key == "cache" && (string?)tag.Value == "result")
                    {
                        Evictions += (int)value;
                    }
                }
            });
            _listener.Start();
        }

        public int Evictions { get; private set; }

        public void Dispose() => _listener.Dispose();
    }
}
