namespace StirShaken.Identity.Certificates.Fetching;

/// <summary>
/// A certificate source that also reports HTTP caching directives, so that
/// <see cref="Caching.CachingCertificateSource"/> can apply the ATIS cache rule.
/// </summary>
internal interface IHttpCertificateSource : ICertificateSource
{
    /// <summary>Downloads the chain at <paramref name="url"/>. Never throws for network or content problems.</summary>
    ValueTask<CertificateDownload> DownloadAsync(string url, CancellationToken cancellationToken = default);
}
