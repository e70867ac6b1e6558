using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StirShaken.Identity.Certificates;
using StirShaken.Identity.Diagnostics;
using StirShaken.Identity.Parsing;
using StirShaken.Identity.Sip;

namespace StirShaken.Identity.Verification;

/// <summary>
/// The STIR/SHAKEN verification service (RFC 8224 §6.2, ATIS-1000074 §5.3). Give it a SIP request;
/// get a <see cref="VerificationResult"/>: the verified identity, or the failure with its SIP code and
/// diagnostic, plus one outcome per Identity header. The result is not bound to a response: build one
/// with <see cref="VerificationResult.CreateFailureResponse"/>. Thread-safe and reusable: create one per
/// configuration and share it. Never throws on bad input (only on cancellation).
/// </summary>
/// <remarks>
/// Two phases (README "Verification pipeline"): each PASSporT is verified on its own by the rules of its
/// <c>ppt</c> (<see cref="PassportVerification"/>), and bound to the request (orig, dest, Date, freshness);
/// then the set is judged: the request passes when one PASSporT that stands on its own verifies (RFC 8224
/// §6.2.1), else the most specific failure decides (RFC 8224 §6.2.2, <see cref="SipStatus.IdentityFailurePrecedence"/>).
/// Binding checks run before the credential step, so a mismatching token never costs a certificate fetch.
/// </remarks>
public sealed partial class StirShakenVerifier
{
    private readonly VerifierOptions _options;
    private readonly PassportVerifier _passports;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly StirShakenMetrics? _metrics;
    private readonly LegacyIdentityVerifier? _legacy;
    private readonly RichCallDataEvaluator _richCallData;
    private readonly VerificationRepeats _repeats;

    /// <summary>Creates a verifier.</summary>
    /// <param name="certificates">Where x5u certificates come from (in-memory, file, or the HTTPS fetcher).</param>
    /// <param name="validator">Validates chains against the STI-CA trust anchors.</param>
    /// <param name="options">Policy; <see cref="VerifierOptions.Default"/> when null.</param>
    /// <param name="dependencies">Revocation, URL policy, clock, logging and metrics; the documented defaults when null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="certificates"/> or <paramref name="validator"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// The options are invalid (<see cref="VerifierOptions.Validate"/>), or <see cref="LegacyIdentityPolicy.Verify"/> is set
    /// without <see cref="StirShakenVerifierDependencies.LegacyTrustAnchors"/>.
    /// </exception>
    public StirShakenVerifier(ICertificateSource certificates, CertificateValidator validator, VerifierOptions? options = null, StirShakenVerifierDependencies? dependencies = null)
    {
        ArgumentNullException.ThrowIfNull(certificates);
        ArgumentNullException.ThrowIfNull(validator);
        _options = options ?? VerifierOptions.Default;
        _options.Validate();
        _time = dependencies?.TimeProvider ?? TimeProvider.System;
        _logger = dependencies?.Logger ?? NullLogger.Instance;
        _metrics = dependencies?.Metrics;
        _richCallData = new RichCallDataEvaluator(_options, dependencies?.RichCallDataContent);
        _passports = new PassportVerifier(certificates, validator, dependencies?.Revocation, dependencies?.UrlPolicy ?? X5uUrlPolicy.Default, _options);
        _legacy = CreateLegacyVerifier(certificates, dependencies);
        _repeats = new VerificationRepeats(_passports, certificates, validator, _options, dependencies);
    }

    /// <summary>The policy in force.</summary>
    public VerifierOptions Options => _options;

    /// <summary>Parses and verifies a raw SIP request. A message that does not parse fails with 438 <see cref="FailureReason.MalformedMessage"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="rawMessage"/> is null.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public ValueTask<VerificationResult> VerifyAsync(string rawMessage, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rawMessage);
        var parsed = SipMessage.TryParse(rawMessage, _options.Parser);
        if (!parsed.IsSuccess)
        {
            var failure = new VerificationFailure(FailureReason.MalformedMessage, $"the SIP message is malformed: {parsed.Error}");
            var result = Finish(VerificationStatus.Failed, [], failure, null);
            Record(result, null);
            return new ValueTask<VerificationResult>(result);
        }

        return VerifyAsync(parsed.Value, cancellationToken);
    }

    /// <summary>Verifies every Identity header of a parsed SIP request (RFC 8224 §6.2).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is null.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async ValueTask<VerificationResult> VerifyAsync(SipMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var activity = StirShakenDiagnostics.ActivitySource.StartActivity("stirshaken.verify");
        try
        {
            var result = await VerifyCoreAsync(message, cancellationToken).ConfigureAwait(false);
            Record(result, activity);
            return result;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // The verifier must never throw on input: a bug becomes a 500 result, not a crash.
        catch (Exception e)
#pragma warning restore CA1031
        {
            var failure = new VerificationFailure(FailureReason.InternalError, $"internal error: {e.GetType().Name}: {e.Message}");
            var result = Finish(VerificationStatus.Failed, [], failure, null);
            Record(result, activity);
            return result;
        }
    }

    private async ValueTask<VerificationResult> VerifyCoreAsync(SipMessage message, CancellationToken cancellationToken)
    {
        if (!message.IsRequest)
        {
            var notRequest = new VerificationFailure(FailureReason.MalformedMessage, "the message is a response; Identity is verified on requests");
            return Finish(VerificationStatus.Failed, [], notRequest, null);
        }

        var values = message.GetHeaderValues(SipHeaderNames.Identity);
        var count = Math.Min(values.Count, _options.MaxIdentityHeaders);
        var outcomes = new List<IdentityHeaderOutcome>(count);
        List<int>? legacyIndexes = null; // per-call collections only when a header needs them (README "Performance")
        var now = _time.GetUtcNow();
        CallIdentities? call = null; // read once, and only when a header needs it
        IdentityHeaderOutcome? passed = null;
        var examined = new List<(int Index, ExaminedPassport Examined)>(count);
        var hasDiversion = false;
        for (var i = 0; i < count; i++)
        {
            if (LegacyIdentity.IsLegacyValue(values[i]))
            {
                (legacyIndexes ??= []).Add(i);
                continue;
            }

            var header = ExamineIsolated(i, values[i]);
            hasDiversion |= IsDiversion(header);
            examined.Add((i, header));
        }

        Dictionary<int, PassportVerification>? verdicts = hasDiversion ? [] : null; // the links of diversion chains
        foreach (var (i, header) in examined)
        {
            if (IsDiversion(header))
            {
                continue; // judged as links of chains below, never alone
            }

            call ??= ReadCall(message);
            var (outcome, bindsCall) = await VerifyHeaderIsolatedAsync(i, values[i], header, call, message, now, cancellationToken).ConfigureAwait(false);
            outcome = outcome.WithProfile(_options.Profile);
            outcomes.Add(outcome);
            if (verdicts is not null && outcome.Verification is { } verdict)
            {
                verdicts[i] = verdict;
            }

            // RFC 8224 §6.2.1: one valid Identity from a trusted source is enough; the first one decides the
            // identity reported, and every other header still gets its own outcome.
            if (passed is null && bindsCall && outcome.Status == IdentityHeaderStatus.Verified)
            {
                passed = outcome;
            }
        }

        IReadOnlyList<DiversionChain> chains = [];
        if (verdicts is not null)
        {
            call ??= ReadCall(message);
            var diversions = new DiversionChainEvaluator(_passports, _options, message, call, now); // RFC 8946
            foreach (var (i, header) in examined)
            {
                diversions.Add(i, header, values[i], verdicts.GetValueOrDefault(i));
            }

            (chains, outcomes, passed) = await DiversionVerdict.ApplyAsync(diversions, examined, values, outcomes, passed, cancellationToken).ConfigureAwait(false);
        }

        // README "Legacy RFC 4474 (Identity-Info)": verified only with legacy anchors, and only when no RFC 8224 header decides.
        if (legacyIndexes is not null && _legacy is not null && await VerifyLegacyAsync(message, values, legacyIndexes, outcomes, now, cancellationToken).ConfigureAwait(false) is { } legacyResult)
        {
            return legacyResult;
        }

        if (passed is not null)
        {
            var verified = Finish(VerificationStatus.Passed, outcomes, null, passed, chains);
            verified.RichCallData = await _richCallData.EvaluateAsync(message, call!, outcomes, passed, now, cancellationToken).ConfigureAwait(false);
            return verified;
        }

        // RFC 8224 §6.2.2: the most specific failure; the first of equal precedence.
        IdentityHeaderOutcome? worst = null;
        foreach (var outcome in outcomes)
        {
            if (outcome.Failure is { } failure && !DiversionVerdict.IsDiversionPpt(outcome.Ppt) && (worst is null || failure.Status.IdentityFailurePrecedence > worst.Failure!.Status.IdentityFailurePrecedence))
            {
                worst = outcome;
            }
        }

        if (worst is not null)
        {
            return Finish(VerificationStatus.Failed, outcomes, worst.Failure, worst, chains);
        }

        if (legacyIndexes is not null && _legacy is null && _options.LegacyIdentity == LegacyIdentityPolicy.Reject)
        {
            var legacy = LegacyIdentity.Find(message);
            var detail = "the request carries only a legacy RFC 4474 Identity header"
                + (legacy is { IsSuccess: true } l ? $" (Identity-Info <{l.Value.InfoUri}>, alg={l.Value.Alg ?? "rsa-sha1"})" : string.Empty)
                + ", which RFC 8224 obsoleted; it is not verified because no legacy trust anchors are configured"
                + " (to verify it, set StirShakenVerifierDependencies.LegacyTrustAnchors, StirShakenVerificationOptions.LegacyTrustAnchorPaths,"
                + " or stir-identity verify --legacy-trust-anchor to the CA certificates of the signing domains)";
            return Finish(VerificationStatus.Failed, outcomes, new VerificationFailure(FailureReason.LegacyIdentityUnsupported, detail), null, chains);
        }

        if (_options.RequireIdentity)
        {
            var failure = outcomes.Count > 0
                ? new VerificationFailure(FailureReason.NoSupportedIdentity, $"no Identity header has a supported ppt ({string.Join(", ", outcomes.Select(o => o.Ppt ?? "none"))} received; supported: {string.Join(", ", _options.SupportedPpts)})")
                : new VerificationFailure(FailureReason.NoIdentity, "the request has no Identity header and policy requires one");
            return Finish(VerificationStatus.Failed, outcomes, failure, null, chains);
        }

        return Finish(VerificationStatus.NoIdentity, outcomes, null, null, chains);
    }

    /// <summary>
    /// One Identity header through both phases, in the order that keeps cheap local checks before any fetch:
    /// syntax → header → claims (phase 1, local) → orig/dest (binding) → info URL policy (phase 1) → freshness
    /// (binding) → credential → TN authorization → signature → revocation (phase 1, credential).
    /// </summary>
    private async ValueTask<(IdentityHeaderOutcome Outcome, bool BindsCall)> VerifyHeaderAsync(int index, string value, ExaminedPassport examined, CallIdentities call, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (examined.IsSkipped)
        {
            return (new IdentityHeaderOutcome(index, value, examined.Ppt, IdentityHeaderStatus.Skipped, null, examined.Passport, null), false);
        }

        if (examined.Failure is { } local)
        {
            return (Failed(PassportVerification.Failed(examined.Header?.Info, examined.Passport, local)), false);
        }

        var header = examined.Header!;
        var passport = examined.Passport!;
        var rules = examined.Rules!;
        if (rules.BindsCall && RequestBinding.CheckIdentities(passport.Claims, call, _options.StrictTelephoneNumbers) is { } identityFailure)
        {
            return (Unbound(identityFailure), true);
        }

        if (_passports.CheckInfo(header) is { } infoFailure)
        {
            return (Failed(PassportVerification.Failed(header.Info, passport, infoFailure)), true);
        }

        if (rules.BindsCall && RequestBinding.CheckFreshness(passport.Claims, call, now, _options) is { } staleFailure)
        {
            return (Unbound(staleFailure), true);
        }

        var verification = await _repeats.VerifyCredentialAsync(value, examined, now, cancellationToken).ConfigureAwait(false);
        return verification.IsSuccess
            ? (new IdentityHeaderOutcome(index, value, examined.Ppt, IdentityHeaderStatus.Verified, null, passport, verification), rules.BindsCall)
            : (Failed(verification), rules.BindsCall);

        IdentityHeaderOutcome Failed(PassportVerification failed) =>
            new(index, value, examined.Ppt, IdentityHeaderStatus.Failed, failed.Failure, examined.Passport, failed);

        IdentityHeaderOutcome Unbound(VerificationFailure failure) =>
            new(index, value, examined.Ppt, IdentityHeaderStatus.Failed, failure, examined.Passport, null);
    }

    private VerificationResult Finish(VerificationStatus status, IReadOnlyList<IdentityHeaderOutcome> outcomes, VerificationFailure? failure, IdentityHeaderOutcome? decisive, IReadOnlyList<DiversionChain>? chains = null) =>
        new(status, outcomes, failure?.ForProfile(_options.Profile), decisive, _options.ReasonProtocol) { Diversions = chains ?? [] };

    private static bool IsDiversion(ExaminedPassport examined) => DiversionVerdict.IsDiversionPpt(examined.Ppt) && (examined.Rules is not null || examined.Failure is not null);

    // RFC 8224 §6.2 step 2 and §6.2.4: orig and dest from SIP; dest from the Request-URI alone when configured (RFC 8946 §4.2).
    private CallIdentities ReadCall(SipMessage message)
    {
        var call = CallIdentities.FromMessage(message, _options.DestinationSource != DestinationSource.To, _options.LenientTelephoneNumbers, _options.NormalizeNumber);
        return _options.DestinationSource == DestinationSource.RequestUri
            ? call.WithDestTns(DiversionChainEvaluator.TargetNumbers(message, DestinationSource.RequestUri, _options.LenientTelephoneNumbers, _options.NormalizeNumber))
            : call;
    }
}
