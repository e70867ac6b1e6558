using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StirShaken.Identity.Diagnostics;

namespace StirShaken.Identity.Certificates.Fetching;

/// <summary>
/// The hardened HTTPS x5u fetcher (ATIS-1000074 §5.3.1): https only, allowed
/// ports, no userinfo/query/fragment, no redirects, a size cap, connect and total timeouts, body PEM
/// (leaf first, then intermediates) or DER, and no connection to special-purpose addresses (RFC 6890)
/// unless allow-listed, checked on the address actually connected. Every failure is a
/// <see cref="CertificateFetchResult"/> (→ 436), never an exception.
/// </summary>
/// <remarks>
/// TLS to the repository is verified with the operating system's roots (the web PKI); the chain it
/// serves is then validated against the STI-CA trust anchors by <see cref="CertificateValidator"/>.
/// The two trust stores are separate on purpose. Wrap this source in
/// <see cref="Caching.CachingCertificateSource"/>: it does not cache by itself.
/// </remarks>
public sealed class HttpsCertificateSource : ICertificateSource, IHttpCertificateSource, IDisposable
{
    /// <summary>The name of the <see cref="HttpClient"/> registered by the hosting integration.</summary>
    public const string HttpClientName = "StirShaken.Identity.x5u";

    private readonly HardenedHttpFetcher _fetcher;
    private readonly HttpClient? _ownedClient;

    /// <summary>
    /// Creates a fetcher that owns its <see cref="HttpClient"/> and handler (built by <see cref="CreateHandler"/>).
    /// Dispose it when done.
    /// </summary>
    public HttpsCertificateSource(CertificateFetcherOptions? options = null, TimeProvider? timeProvider = null, ILogger? logger = null, StirShakenMetrics? metrics = null)
    {
        options ??= new CertificateFetcherOptions();
        _ownedClient = new HttpClient(CreateHandler(options), disposeHandler: true) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        var client = _ownedClient;
        _fetcher = new HardenedHttpFetcher(() => client, options, timeProvider ?? TimeProvider.System, logger ?? NullLogger.Instance, metrics);
    }

    /// <summary>
    /// Creates a fetcher on clients from <paramref name="httpClientFactory"/>. The named client's primary
    /// handler MUST come from <see cref="CreateHandler"/> (the hosting integration does this), otherwise
    /// the SSRF address filter, the connect timeout and the redirect refusal are not in force.
    /// </summary>
    public HttpsCertificateSource(IHttpClientFactory httpClientFactory, string httpClientName, CertificateFetcherOptions options, TimeProvider? timeProvider = null, ILogger? logger = null, StirShakenMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(httpClientFactory);
        ArgumentNullException.ThrowIfNull(httpClientName);
        ArgumentNullException.ThrowIfNull(options);
        _fetcher = new HardenedHttpFetcher(() => httpClientFactory.CreateClient(httpClientName), options, timeProvider ?? TimeProvider.System, logger ?? NullLogger.Instance, metrics);
    }

    /// <summary>The policy in force.</summary>
    public CertificateFetcherOptions Options => _fetcher.Options;

    /// <summary>The bounded fetcher, shared with the CRL checker.</summary>
    internal IBoundedFetcher Fetcher => _fetcher;

    /// <summary>
    /// Creates the handler that enforces the network policy: a <c>ConnectCallback</c> that resolves the
    /// host and refuses special-purpose addresses (checked again on the connected socket), no redirects,
    /// no proxy, no cookies, the connect timeout, and — for tests only — <see cref="CertificateFetcherOptions.TlsRootsForTesting"/>.
    /// </summary>
    public static SocketsHttpHandler CreateHandler(CertificateFetcherOptions options) => FetcherHandler.Create(options);

    /// <inheritdoc />
    public async ValueTask<CertificateFetchResult> GetCertificateChainAsync(string url, CancellationToken cancellationToken = default) =>
        (await DownloadAsync(url, cancellationToken).ConfigureAwait(false)).Result;

    /// <summary>Downloads and parses the chain at <paramref name="url"/>, with the response's caching directives.</summary>
    internal async ValueTask<CertificateDownload> DownloadAsync(string url, CancellationToken cancellationToken = default)
    {
        var fetched = await _fetcher.GetAsync(url, "x5u", _fetcher.Options.MaxResponseBytes, "application/pem-certificate-chain, application/x-pem-file, application/pkix-cert, */*", cancellationToken)
            .ConfigureAwait(false);
        if (fetched.Body is null)
        {
            return new CertificateDownload(CertificateFetchResult.Fail(fetched.Failure, fetched.Detail ?? fetched.Failure.ToString()), HttpFreshness.None, fetched.StatusCode);
        }

        var parsed = CertificateChain.TryParse(fetched.Body);
        if (!parsed.IsSuccess)
        {
            return new CertificateDownload(CertificateFetchResult.Fail(CertificateFetchFailure.NotACertificate, $"the body ({fetched.Body.Length} bytes) is not a PEM or DER certificate chain: {parsed.Error.Message}"), HttpFreshness.None, fetched.StatusCode);
        }

        return new CertificateDownload(CertificateFetchResult.Ok(parsed.Value), fetched.Freshness, fetched.StatusCode);
    }

    /// <inheritdoc />
    ValueTask<CertificateDownload> IHttpCertificateSource.DownloadAsync(string url, CancellationToken cancellationToken) => DownloadAsync(url, cancellationToken);

    /// <inheritdoc />
    public void Dispose() => _ownedClient?.Dispose();
}
