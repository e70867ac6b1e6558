namespace StirShaken.Identity.Certificates;

/// <summary>
/// Where the verifier gets the signer's certificate chain for an <c>x5u</c> / <c>info</c> URL.
/// Implementations must never throw for network or content problems: they return a failed
/// <see cref="CertificateFetchResult"/>. The built-in sources are <see cref="InMemoryCertificateSource"/>
/// (tests, offline replay) and the HTTPS fetcher.
/// </summary>
public interface ICertificateSource
{
    /// <summary>Gets the chain (leaf first) published at <paramref name="url"/>.</summary>
    ValueTask<CertificateFetchResult> GetCertificateChainAsync(string url, CancellationToken cancellationToken = default);
}
