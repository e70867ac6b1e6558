namespace StirShaken.Identity.Certificates.Fetching;

/// <summary>The raw outcome of one hardened GET: a bounded body, or the failure.</summary>
internal sealed record HttpFetchResult(byte[]? Body, CertificateFetchFailure Failure, string? Detail, int? StatusCode, HttpFreshness Freshness, string? MediaType = null)
{
    public static HttpFetchResult Fail(CertificateFetchFailure failure, string detail, int? statusCode = null) => new(null, failure, detail, statusCode, HttpFreshness.None);
}
