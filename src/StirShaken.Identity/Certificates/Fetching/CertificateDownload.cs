namespace StirShaken.Identity.Certificates.Fetching;

/// <summary>One download by an <see cref="IHttpCertificateSource"/>: the result plus what HTTP said about caching it.</summary>
/// <param name="Result">The chain, or the failure (never an exception).</param>
/// <param name="Freshness">The response's caching directives (<see cref="HttpFreshness.None"/> on failure).</param>
/// <param name="StatusCode">The HTTP status code, or null when no response was received.</param>
internal sealed record CertificateDownload(CertificateFetchResult Result, HttpFreshness Freshness, int? StatusCode);
