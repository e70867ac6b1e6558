using Microsoft.Extensions.Logging;

namespace StirShaken.Identity.Verification;

/// <summary>
/// The verifier's source-generated log messages. Safe fields only: outcome, SIP code, reason and the x5u
/// host (never the path). Identity tokens and telephone numbers are never logged; the free-text failure
/// detail (which can quote numbers) is logged at Debug only.
/// </summary>
internal static partial class VerificationLog
{
    [LoggerMessage(1301, LogLevel.Information, "Verification {Outcome}: {Code} {Reason} (x5u host {Host})")]
    public static partial void Verified(ILogger logger, string outcome, int code, string reason, string? host);

    [LoggerMessage(1302, LogLevel.Debug, "Verification failure detail: {Detail}")]
    public static partial void VerificationDetail(ILogger logger, string detail);

    [LoggerMessage(1303, LogLevel.Error, "Identity header {Index} failed with an internal error (a bug; the other headers are still judged)")]
    public static partial void HeaderInternalError(ILogger logger, int index, Exception exception);
}
