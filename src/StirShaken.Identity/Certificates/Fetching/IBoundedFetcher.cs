namespace StirShaken.Identity.Certificates.Fetching;

/// <summary>
/// One bounded GET under the fetch policy (ATIS-1000074 §5.3.1): URL policy, SSRF filter (RFC 6890),
/// no redirects, size cap, timeouts. Implemented by <see cref="HardenedHttpFetcher"/>; the x5u source
/// and the CRL checker depend on this interface only (tests plug in a fake).
/// </summary>
internal interface IBoundedFetcher
{
    /// <summary>
    /// Gets at most <paramref name="maxBytes"/> from <paramref name="url"/>. <paramref name="kind"/> names the
    /// use for metrics and traces (<c>x5u</c>, <c>crl</c>). Never throws for network or content problems;
    /// throws <see cref="OperationCanceledException"/> only when <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    Task<HttpFetchResult> GetAsync(string url, string kind, int maxBytes, string accept, CancellationToken cancellationToken);
}
