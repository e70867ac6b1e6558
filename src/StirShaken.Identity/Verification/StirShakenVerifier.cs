using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StirShaken.Identity.Certificates;
using StirShaken.Identity.Certificates.Revocation;
using StirShaken.Identity.Diagnostics;
using StirShaken.Identity.Parsing;
using StirShaken.Identity.Sip;

namespace StirShaken.Identity.Verification;

/// <summary>
/// The STIR/SHAKEN verification service (RFC 8224 §6.2, ATIS-1000074 §5.3). Give it a SIP request;
/// get a <see cref="VerificationResult"/>: the verified identity, or the failure with its SIP code,
/// diagnostic and a ready-to-send response. Thread-safe and reusable: create one per configuration
/// and share it. Never throws on bad input (only on cancellation).
/// </summary>
public sealed partial class StirShakenVerifier
{
    private readonly ICertificateSource _certificates;
    private readonly CertificateValidator _validator;
    private readonly VerifierOptions _options;
    private readonly X5uUrlPolicy _urlPolicy;
    private readonly TimeProvider _time;
    private readonly CrlChecker? _revocation;
    private readonly ILogger _logger;
    private readonly StirShakenMetrics? _metrics;

    /// <summary>Creates a verifier.</summary>
    /// <param name="certificates">Where x5u certificates come from (in-memory, file, or the HTTPS fetcher).</param>
    /// <param name="validator">Validates chains against the STI-CA trust anchors.</param>
    /// <param name="options">Policy; <see cref="VerifierOptions.Default"/> when null.</param>
    /// <param name="urlPolicy">Which x5u URLs may be dereferenced; <see cref="X5uUrlPolicy.Default"/> when null.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    public StirShakenVerifier(ICertificateSource certificates, CertificateValidator validator, VerifierOptions? options = null, X5uUrlPolicy? urlPolicy = null, TimeProvider? timeProvider = null)
        : this(certificates, validator, null, options, urlPolicy, timeProvider, null, null)
    {
    }

    /// <summary>Creates a verifier with revocation checking, logging and metrics (what the hosting integration builds).</summary>
    /// <param name="certificates">Where x5u certificates come from (normally a caching HTTPS fetcher).</param>
    /// <param name="validator">Validates chains against the STI-CA trust anchors.</param>
    /// <param name="revocation">CRL checking after the signature verifies; null = none.</param>
    /// <param name="options">Policy; <see cref="VerifierOptions.Default"/> when null.</param>
    /// <param name="urlPolicy">Which x5u URLs may be dereferenced; <see cref="X5uUrlPolicy.Default"/> when null.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="logger">Outcome logging (code, reason, x5u host; details at Debug only); none when null.</param>
    /// <param name="metrics">Verification counters; none when null.</param>
    public StirShakenVerifier(ICertificateSource certificates, CertificateValidator validator, CrlChecker? revocation, VerifierOptions? options, X5uUrlPolicy? urlPolicy, TimeProvider? timeProvider, ILogger? logger, StirShakenMetrics? metrics)
    {
        _certificates = certificates ?? throw new ArgumentNullException(nameof(certificates));
        _validator = validator ?? throw new ArgumentNullException(nameof(validator));
        _options = options ?? VerifierOptions.Default;
        _options.Validate();
        _urlPolicy = urlPolicy ?? X5uUrlPolicy.Default;
        _time = timeProvider ?? TimeProvider.System;
        _revocation = revocation;
        _logger = logger ?? NullLogger.Instance;
        _metrics = metrics;
    }

    /// <summary>The policy in force.</summary>
    public VerifierOptions Options => _options;

    /// <summary>Parses and verifies a raw SIP request. A message that does not parse fails with 438 <see cref="FailureReason.MalformedMessage"/>.</summary>
    public ValueTask<VerificationResult> VerifyAsync(string rawMessage, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rawMessage);
        var parsed = SipMessage.TryParse(rawMessage, _options.Parser);
        if (!parsed.Success)
        {
            var failure = new VerificationFailure(FailureReason.MalformedMessage, $"the SIP message is malformed: {parsed.Error}");
            var result = new VerificationResult(VerificationStatus.Failed, [], failure, null, null, null, null);
            Record(result, null);
            return new ValueTask<VerificationResult>(result);
        }

        return VerifyAsync(parsed.Value, cancellationToken);
    }

    /// <summary>Verifies every Identity header of a parsed SIP request (RFC 8224 §6.2).</summary>
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
            var result = Finish(message, VerificationStatus.Failed, [], failure, null);
            Record(result, activity);
            return result;
        }
    }

    private void Record(VerificationResult result, Activity? activity)
    {
        var outcome = result.Status switch
        {
            VerificationStatus.Passed => "passed",
            VerificationStatus.NoIdentity => "no_identity",
            _ => "failed",
        };
        var reason = result.Failure?.Reason.ToString() ?? "None";
        var code = result.Failure?.StatusCode ?? 0;
        _metrics?.Verification(outcome, reason, code);
        activity?.SetTag("stirshaken.outcome", outcome);
        activity?.SetTag("stirshaken.reason", reason);
        if (result.Failure is { } failure)
        {
            activity?.SetStatus(ActivityStatusCode.Error, reason);
            activity?.SetTag("sip.response.status_code", failure.StatusCode);
        }

        if (_logger.IsEnabled(LogLevel.Information))
        {
            var info = result.Headers.Select(o => o.Passport?.Header.X5u).FirstOrDefault(u => u is not null);
            Log.Verified(_logger, outcome, code, reason, info is null ? null : Log.Host(info));
        }

        if (result.Failure is { } detailed && _logger.IsEnabled(LogLevel.Debug))
        {
            Log.VerificationDetail(_logger, detailed.Detail);
        }
    }

    private async ValueTask<VerificationResult> VerifyCoreAsync(SipMessage message, CancellationToken cancellationToken)
    {
        if (!message.IsRequest)
        {
            var notRequest = new VerificationFailure(FailureReason.MalformedMessage, "the message is a response; Identity is verified on requests");
            return Finish(message, VerificationStatus.Failed, [], notRequest, null);
        }

        var values = message.GetHeaderValues(SipHeaderNames.Identity);
        var outcomes = new List<IdentityHeaderOutcome>(Math.Min(values.Count, _options.MaxIdentityHeaders));
        var legacyCount = 0;
        var now = _time.GetUtcNow();
        MessageContext? context = null; // built once, and only when a header needs it
        for (var i = 0; i < values.Count && i < _options.MaxIdentityHeaders; i++)
        {
            if (LegacyIdentity.IsLegacyValue(values[i]))
            {
                legacyCount++;
                continue;
            }

            context ??= new MessageContext(message, _options);
            var outcome = await VerifyHeaderAsync(i, values[i], context, now, cancellationToken).ConfigureAwait(false);
            outcomes.Add(outcome);
            if (outcome.Status == IdentityHeaderStatus.Verified)
            {
                // RFC 8224 §6.2.1: one valid Identity from a trusted source is enough.
                return Finish(message, VerificationStatus.Passed, outcomes, null, outcome);
            }
        }

        VerificationFailure? worst = null;
        IdentityHeaderOutcome? worstOutcome = null;
        foreach (var outcome in outcomes)
        {
            if (outcome.Failure is { } failure && (worst is null || FailureReasons.Precedence(failure.StatusCode) > FailureReasons.Precedence(worst.StatusCode)))
            {
                worst = failure;
                worstOutcome = outcome;
            }
        }

        if (worst is not null)
        {
            return Finish(message, VerificationStatus.Failed, outcomes, worst, worstOutcome);
        }

        if (legacyCount > 0 && _options.LegacyIdentity == LegacyIdentityPolicy.Reject)
        {
            var legacy = LegacyIdentity.Find(message);
            var detail = "the request carries only a legacy RFC 4474 Identity header"
                + (legacy is { Success: true } l ? $" (Identity-Info <{l.Value.InfoUri}>, alg={l.Value.Alg ?? "rsa-sha1"})" : string.Empty)
                + ", which RFC 8224 obsoleted; it is not verified";
            return Finish(message, VerificationStatus.Failed, outcomes, new VerificationFailure(FailureReason.LegacyIdentityUnsupported, detail), null);
        }

        if (_options.RequireIdentity)
        {
            var failure = outcomes.Count > 0
                ? new VerificationFailure(FailureReason.NoSupportedIdentity, $"no Identity header has a supported ppt ({string.Join(", ", outcomes.Select(o => o.Ppt ?? "none"))} received; supported: {string.Join(", ", _options.SupportedPpts)})")
                : new VerificationFailure(FailureReason.NoIdentity, "the request has no Identity header and policy requires one");
            return Finish(message, VerificationStatus.Failed, outcomes, failure, null);
        }

        return Finish(message, VerificationStatus.NoIdentity, outcomes, null, null);
    }

    private VerificationResult Finish(SipMessage message, VerificationStatus status, IReadOnlyList<IdentityHeaderOutcome> outcomes, VerificationFailure? failure, IdentityHeaderOutcome? decisive)
    {
        SipResponse? response = null;
        if (failure is not null && message.IsRequest)
        {
            // RFC 9410 §4: ppi identifies the failing PASSporT; compact form is recommended for privacy.
            var ppi = _options.ReasonProtocol == ReasonProtocol.Stir ? decisive?.Passport?.CompactForm : null;
            response = SipResponse.CreateFailure(message, failure, _options.ReasonProtocol, ppi);
        }

        return status == VerificationStatus.Passed
            ? new VerificationResult(status, outcomes, null, decisive!.Passport, decisive.Spc, decisive.SignerCertificate, null)
            : new VerificationResult(status, outcomes, failure, null, null, null, response);
    }
}
