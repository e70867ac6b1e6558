using Microsoft.Extensions.Logging;

namespace StirShaken.Identity.Certificates;

/// <summary>
/// Source-generated log messages of the certificate layer (fetching, caching, revocation). Safe fields
/// only: URL host (never the path, see <see cref="Diagnostics.LogFormat.Host"/>), failure kinds, status
/// codes, certificate subjects and serials. Event ids are stable (1001-1202). In the core namespace, so it
/// takes no type of the Fetching, Caching or Revocation sub-namespaces (enums of those are passed as names).
/// </summary>
internal static partial class CertificateLog
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
    public static partial void RevocationUnknown(ILogger logger, string subject, string mode, string detail);

    [LoggerMessage(1202, LogLevel.Warning, "Certificate '{Subject}' serial {Serial} is revoked")]
    public static partial void CertificateRevoked(ILogger logger, string subject, string serial);
}
