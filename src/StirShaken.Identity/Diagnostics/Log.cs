using Microsoft.Extensions.Logging;
using StirShaken.Identity.Certificates;
using StirShaken.Identity.Certificates.Revocation;

namespace StirShaken.Identity.Diagnostics;

/// <summary>
/// Source-generated log messages. Safe fields only: URL host (never the path), failure kinds, status
/// codes, SIP codes and reasons. Identity tokens and telephone numbers are never logged; the
/// free-text failure detail (which can quote numbers) is logged at Debug only.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(1001, LogLevel.Warning, "x5u/CRL fetch from {Host} failed: {Failure} (HTTP {StatusCode}) {Detail}")]
    public static partial void FetchFailed(ILogger logger, string host, CertificateFetchFailure failure, int? statusCode, string? detail);

    [LoggerMessage(1002, LogLevel.Debug, "Fetched {Bytes} bytes from {Host} (HTTP {StatusCode}) in {ElapsedMs} ms")]
    public static partial void FetchSucceeded(ILogger logger, string host, int statusCode, int bytes, double elapsedMs);

    [LoggerMessage(1101, LogLevel.Debug, "Cached the certificate chain from {Host} until {ExpiresAt:O}")]
    public static partial void CacheStored(ILogger logger, string host, DateTimeOffset expiresAt);

    [LoggerMessage(1102, LogLevel.Warning, "Distributed certificate cache unavailable for {Host}: {Error}")]
    public static partial void DistributedCacheFailed(ILogger logger, string host, string error);

    [LoggerMessage(1103, LogLevel.Debug, "Background refresh of the certificate chain from {Host}")]
    public static partial void RefreshStarted(ILogger logger, string host);

    [LoggerMessage(1201, LogLevel.Warning, "Revocation status unknown for '{Subject}' ({Mode}): {Detail}")]
    public static partial void RevocationUnknown(ILogger logger, string subject, RevocationMode mode, string detail);

    [LoggerMessage(1202, LogLevel.Warning, "Certificate '{Subject}' serial {Serial} is revoked")]
    public static partial void CertificateRevoked(ILogger logger, string subject, string serial);

    public static string Host(string? url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.Authority : "(invalid URL)";
}
