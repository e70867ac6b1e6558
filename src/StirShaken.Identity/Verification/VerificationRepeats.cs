using StirShaken.Identity.Certificates;
using StirShaken.Identity.Certificates.Revocation;
using StirShaken.Identity.Diagnostics;
using StirShaken.Identity.Sip;

namespace StirShaken.Identity.Verification;

/// <summary>
/// How one <see cref="StirShakenVerifier"/> answers repeats (README "Repeats and replays"): the result cache in front of
/// the per-PASSporT phase, and replay detection after a header verified. A hit re-runs everything that depends on the
/// request or on the time: the binding (orig, dest, freshness) is run by the verifier as for any header, and here the
/// certificate path's validity now (<see cref="CertificateValidator.Validate"/>, which re-checks only the time for a
/// chain it validated before) and revocation with this verifier's <see cref="CrlChecker"/>.
/// </summary>
internal sealed class VerificationRepeats
{
    private readonly PassportVerifier _passports;
    private readonly CertificateValidator _validator;
    private readonly CrlChecker? _revocation;
    private readonly VerifierOptions _options;
    private readonly StirShakenMetrics? _metrics;
    private readonly PassportVerificationCache? _cache;
    private readonly CachePartition? _partition;
    private readonly ReplayDetector? _replays;
    private readonly ReplayPolicy _replayPolicy;

    public VerificationRepeats(PassportVerifier passports, ICertificateSource certificates, CertificateValidator validator, VerifierOptions options, StirShakenVerifierDependencies? dependencies)
    {
        _passports = passports;
        _validator = validator;
        _revocation = dependencies?.Revocation;
        _options = options;
        _metrics = dependencies?.Metrics;
        if (options.ResultCache.Enabled)
        {
            _cache = dependencies?.ResultCache ?? new PassportVerificationCache(options.ResultCache, _metrics);
            _partition = new CachePartition(certificates, validator, options);
        }

        _replayPolicy = options.Replay.Policy;
        if (_replayPolicy != ReplayPolicy.Off)
        {
            _replays = dependencies?.ReplayDetector ?? new ReplayDetector(options.Replay, _metrics);
        }
    }

    /// <summary>The cached local examination of <paramref name="value"/> (time-independent), or null.</summary>
    public ExaminedPassport? Examined(string value) =>
        _cache is not null && value.Length <= _cache.MaxValueLength && _cache.Find(_partition!, value) is { } entry ? entry.Examined : null;

    /// <summary>
    /// The credential step of one examined header (RFC 8224 §6.2 steps 3 and 5): from the cache when the same value verified
    /// before and its chain is still valid now (then revocation is checked again), else by <see cref="PassportVerifier"/>,
    /// remembering a success.
    /// </summary>
    public ValueTask<PassportVerification> VerifyCredentialAsync(string value, ExaminedPassport examined, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (_cache is null || value.Length > _cache.MaxValueLength)
        {
            return _passports.VerifyCredentialAsync(examined.Header!, examined.Passport!, now, cancellationToken);
        }

        if (_cache.Get(_partition!, value, examined.Passport, now) is { } entry)
        {
            // Certificate validity now (RFC 5280 §6.1.3 (a)(2)): the earliest notAfter, then the validator's own window
            // (anchors included); a chain no longer valid is verified again in full, which reports why.
            if (now <= entry.Verification.ValidUntil && _validator.Validate(entry.Chain, now).IsSuccess)
            {
                _metrics?.CacheHit("result", "memory");
                return _revocation is null
                    ? new ValueTask<PassportVerification>(entry.Verification)
                    : CheckRevocationAsync(entry, examined, now, cancellationToken);
            }

            _cache.Remove(_partition!, value, entry);
        }

        _metrics?.CacheMiss("result");
        return VerifyAndRememberAsync(value, examined, now, cancellationToken);
    }

    /// <summary>
    /// Replay detection for a header that verified and binds the call (RFC 8224 §12.1): the same PASSporT seen before,
    /// within its freshness window, in a request with another Call-ID. Report marks the outcome; Reject fails it with
    /// 438 <see cref="FailureReason.ReplayedPassport"/>. The same Call-ID (retransmission, fork) is never a replay.
    /// </summary>
    public IdentityHeaderOutcome CheckReplay(IdentityHeaderOutcome outcome, bool bindsCall, SipMessage message, DateTimeOffset now)
    {
        if (_replays is null || !bindsCall || outcome.Status != IdentityHeaderStatus.Verified || outcome.Passport is not { } passport)
        {
            return outcome;
        }

        var key = _cache?.Of(passport) is { } entry ? entry.ReplayKey : ReplayDetector.PassportKey(passport);

        var callId = message.GetHeader(SipHeaderNames.CallId) ?? string.Empty;
        var expiresAt = passport.Claims.IssuedAtTime + _options.MaxAge;
        if (!_replays.IsReplay(key, callId, expiresAt, now))
        {
            return outcome;
        }

        if (_replayPolicy == ReplayPolicy.Report)
        {
            _metrics?.Replay("report");
            outcome.IsReplay = true;
            return outcome;
        }

        _metrics?.Replay("reject");
        var failure = new VerificationFailure(FailureReason.ReplayedPassport,
            $"this PASSporT (iat {passport.Claims.IssuedAt}) was already verified in a request with another Call-ID within the freshness window ({(long)_options.MaxAge.TotalSeconds} s): a replayed or copied Identity header (RFC 8224 §12.1)");
        return new IdentityHeaderOutcome(outcome.Index, outcome.RawValue, outcome.Ppt, IdentityHeaderStatus.Failed, failure, passport, outcome.Verification) { IsReplay = true };
    }

    private async ValueTask<PassportVerification> CheckRevocationAsync(CachedPassport entry, ExaminedPassport examined, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // ATIS-1000074 §5.3.1: revocation as of now, with the CRLs the checker's own cache allows.
        var revocation = await _revocation!.CheckAsync(entry.Chain, now, cancellationToken).ConfigureAwait(false);
        if (revocation.IsSuccess)
        {
            return entry.Verification;
        }

        var info = examined.Header!.Info;
        return PassportVerification.Failed(info, examined.Passport, new VerificationFailure(
            PassportVerifier.MapCertificateFailure(revocation.Failure), $"the certificate at <{info}> is not acceptable: {revocation.Detail}"));
    }

    private async ValueTask<PassportVerification> VerifyAndRememberAsync(string value, ExaminedPassport examined, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var verification = await _passports.VerifyCredentialAsync(examined.Header!, examined.Passport!, now, cancellationToken).ConfigureAwait(false);

        // Only successes are remembered: failures may be transient (fetch, CRL) and cost an attacker nothing to vary.
        if (verification.IsSuccess && verification.Chain is { } chain)
        {
            var expiresAt = now + _cache!.MaxLifetime;
            if (verification.ValidUntil < expiresAt)
            {
                expiresAt = verification.ValidUntil.Value;
            }

            // After iat + MaxAge the freshness check (run before the credential step) refuses the PASSporT anyway.
            var stale = examined.Passport!.Claims.IssuedAtTime + _options.MaxAge;
            if (examined.Rules!.BindsCall && stale < expiresAt)
            {
                expiresAt = stale;
            }

            if (expiresAt > now)
            {
                _cache.Set(_partition!, value, new CachedPassport(examined, verification, chain, now, expiresAt, PassportVerificationCache.EstimateBytes(value.Length)));
            }
        }

        return verification;
    }
}
