using StirShaken.Identity.Sip;

namespace StirShaken.Identity.Verification;

/// <summary>The per-header bulkhead of the verifier (README "Hostile input").</summary>
public sealed partial class StirShakenVerifier
{
    /// <summary>
    /// <see cref="VerifyHeaderAsync"/> behind the last-resort catch of one header. Every decoding and checking step
    /// returns its failure as a value; an exception that still escapes one header (a bug) fails that header alone
    /// with <see cref="FailureReason.InternalError"/>, and the other headers are judged as usual (RFC 8224 §6.2:
    /// a bad header is one failed header; 500 has the lowest precedence, so it decides only when nothing else does).
    /// </summary>
    private async ValueTask<(IdentityHeaderOutcome Outcome, bool BindsCall)> VerifyHeaderIsolatedAsync(int index, string value, ExaminedPassport examined, CallIdentities call, SipMessage message, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            var (outcome, bindsCall) = await VerifyHeaderAsync(index, value, examined, call, now, cancellationToken).ConfigureAwait(false);
            return (_repeats.CheckReplay(outcome, bindsCall, message, now), bindsCall); // RFC 8224 §12.1
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // One header's bug must not decide the request nor hide the other headers.
        catch (Exception e)
#pragma warning restore CA1031
        {
            VerificationLog.HeaderInternalError(_logger, index + 1, e);
            return (new IdentityHeaderOutcome(index, value, null, IdentityHeaderStatus.Failed, InternalFailure(index, e), null, null), false);
        }
    }

    /// <summary>The first phase's local examination of one header, behind the same last-resort catch.</summary>
    private ExaminedPassport ExamineIsolated(int index, string value)
    {
        try
        {
            // README "Repeats and replays": a value that verified before needs no decoding (its examination never expires).
            return _repeats.Examined(value) ?? _passports.Examine(index, value);
        }
#pragma warning disable CA1031 // One header's bug must not decide the request nor hide the other headers.
        catch (Exception e)
#pragma warning restore CA1031
        {
            VerificationLog.HeaderInternalError(_logger, index + 1, e);
            return ExaminedPassport.Failed(null, null, null, InternalFailure(index, e));
        }
    }

    private static VerificationFailure InternalFailure(int index, Exception e) =>
        new(FailureReason.InternalError, $"internal error in Identity header {index + 1}: {e.GetType().Name}: {e.Message}");
}
