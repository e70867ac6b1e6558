using Microsoft.Extensions.Logging;

namespace StirShaken.Identity.Diagnostics;

/// <summary>
/// Source-generated verification log messages (the certificate messages live in
/// <c>Certificates/CertificateLog.cs</c>). Safe fields only: URL host (never the path), SIP codes and
/// reasons. Identity tokens and telephone numbers are never logged; the free-text failure detail
/// (which can quote numbers) is logged at Debug only.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(1301, LogLevel.Information, "Verification {Outcome}: {Code} {Reason} (x5u host {Host})")]
    public static partial void Verified(ILogger logger, string outcome, int code, string reason, string? host);

    [LoggerMessage(1302, LogLevel.Debug, "Verification failure detail: {Detail}")]
    public static partial void VerificationDetail(ILogger logger, string detail);

    /// <summary>Same as <see cref="LogFormat.Host"/>; kept until the verification messages move to their own layer.</summary>
    public static string Host(string? url) => LogFormat.Host(url);
}
