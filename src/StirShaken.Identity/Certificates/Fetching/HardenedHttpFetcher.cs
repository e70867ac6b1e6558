using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using Microsoft.Extensions.Logging;
using StirShaken.Identity.Diagnostics;

namespace StirShaken.Identity.Certificates.Fetching;

/// <summary>
/// One bounded HTTPS GET under the fetch policy (ATIS-1000074 §5.3.1): URL policy, no redirects, size
/// cap, one total timeout over a bulkhead slot, DNS (<see cref="HostResolver"/>), connect, TLS and body; the
/// SSRF filter is applied to the resolved addresses here and to the connected one in the handler. Never throws for
/// network or content problems; every failure is classified.
/// </summary>
internal sealed class HardenedHttpFetcher : IBoundedFetcher
{
    private readonly Func<HttpClient> _client;
    private readonly CertificateFetcherOptions _options;
    private readonly X5uUrlPolicy _urlPolicy;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly StirShakenMetrics? _metrics;
    private readonly HostResolver _resolver;
    private readonly AddressFilter _filter;
    private readonly SemaphoreSlim _bulkhead;

    public HardenedHttpFetcher(Func<HttpClient> client, CertificateFetcherOptions options, TimeProvider time, ILogger logger, StirShakenMetrics? metrics)
    {
        _client = client;
        _options = options;
        _urlPolicy = options.UrlPolicy ?? throw new ArgumentException("CertificateFetcherOptions.UrlPolicy must not be null.", nameof(options));
        _time = time;
        _logger = logger;
        _metrics = metrics;
        _resolver = HostResolver.For(options);
        _filter = AddressFilter.FromCidrs(options.AllowedPrivateNetworks);
        _bulkhead = new SemaphoreSlim(options.MaxConcurrentFetches, options.MaxConcurrentFetches);
    }

    /// <summary>The resolver shared with the handler built from the same options.</summary>
    internal HostResolver Resolver => _resolver;

    /// <summary>Downloads in flight now (the bulkhead's use).</summary>
    internal int InFlight => _options.MaxConcurrentFetches - _bulkhead.CurrentCount;

    public CertificateFetcherOptions Options => _options;

    public async Task<HttpFetchResult> GetAsync(string url, string kind, int maxBytes, string accept, CancellationToken cancellationToken)
    {
        using var activity = StirShakenDiagnostics.ActivitySource.StartActivity("stirshaken.fetch", ActivityKind.Client);
        activity?.SetTag("stirshaken.fetch.kind", kind);
        activity?.SetTag("server.address", LogFormat.Host(url));
        var started = Stopwatch.GetTimestamp();
        var result = await GetCoreAsync(url, maxBytes, accept, cancellationToken).ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(started);
        var outcome = result.Failure == CertificateFetchFailure.None ? "ok" : result.Failure.ToString();
        _metrics?.Fetch(kind, outcome, elapsed);
        activity?.SetTag("stirshaken.fetch.outcome", outcome);
        if (result.StatusCode is { } status)
        {
            activity?.SetTag("http.response.status_code", status);
        }

        if (result.Failure == CertificateFetchFailure.None)
        {
            CertificateLog.FetchSucceeded(_logger, LogFormat.Host(url), result.StatusCode ?? 0, result.Body!.Length, elapsed.TotalMilliseconds);
        }
        else
        {
            activity?.SetStatus(ActivityStatusCode.Error, result.Failure.ToString());
            CertificateLog.FetchFailed(_logger, LogFormat.Host(url), result.Failure, result.StatusCode, result.Detail);
        }

        return result;
    }

    private async Task<HttpFetchResult> GetCoreAsync(string url, int maxBytes, string accept, CancellationToken cancellationToken)
    {
        if (!_urlPolicy.IsAllowed(url, out var reason))
        {
            return HttpFetchResult.Fail(CertificateFetchFailure.PolicyRefused, $"the URL is refused: {reason}");
        }

        // Network timeouts run on real time, whatever the verification clock is. One deadline covers the wait
        // for a slot, DNS, connect, TLS, headers and body.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        var stage = "waiting for a free fetch slot (bulkhead)";
        var entered = false;
        try
        {
            await _bulkhead.WaitAsync(timeout.Token).ConfigureAwait(false);
            entered = true;
            var host = new Uri(url).IdnHost;
            stage = "resolving the host name";
            var (addresses, dnsError) = await _resolver.ResolveAsync(host, timeout.Token).ConfigureAwait(false);
            if (addresses is null)
            {
                return HttpFetchResult.Fail(CertificateFetchFailure.DnsFailure, $"the host name did not resolve: {dnsError}");
            }

            // Refused before any HTTP state exists for the host (no connection pool per junk host).
            if (!Array.Exists(addresses, a => _filter.IsAllowed(a, out _)))
            {
                _filter.IsAllowed(addresses[0], out var refused);
                return HttpFetchResult.Fail(CertificateFetchFailure.PolicyRefused, $"{host}: {refused}");
            }

            stage = "connecting or reading the response";
            using var request = new HttpRequestMessage(HttpMethod.Get, url) { Version = HttpVersion.Version11 };
            request.Options.Set(FetcherHandler.ResolvedAddresses, addresses);
            request.Headers.TryAddWithoutValidation("Accept", accept);
            request.Headers.TryAddWithoutValidation("User-Agent", _options.UserAgent);
            using var response = await _client().SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (status is >= 300 and < 400)
            {
                var location = response.Headers.Location is { } l ? $" to <{l}>" : string.Empty;
                return HttpFetchResult.Fail(CertificateFetchFailure.Redirect, $"HTTP {status} redirect{location}; redirects are not followed", status);
            }

            if (status is < 200 or >= 300)
            {
                return HttpFetchResult.Fail(CertificateFetchFailure.HttpStatus, $"HTTP {status} {response.ReasonPhrase}", status);
            }

            if (response.Content.Headers.ContentLength is { } length && length > maxBytes)
            {
                return HttpFetchResult.Fail(CertificateFetchFailure.TooLarge, $"Content-Length {length} exceeds the {maxBytes}-byte limit", status);
            }

            var body = await ReadBoundedAsync(response.Content, maxBytes, timeout.Token).ConfigureAwait(false);
            if (body is null)
            {
                return HttpFetchResult.Fail(CertificateFetchFailure.TooLarge, $"the body exceeds the {maxBytes}-byte limit", status);
            }

            var freshness = HttpCacheLifetime.Parse(response.Headers, response.Content.Headers, _time.GetUtcNow());
            return new HttpFetchResult(body, CertificateFetchFailure.None, null, status, freshness, response.Content.Headers.ContentType?.MediaType);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException)
        {
            return HttpFetchResult.Fail(CertificateFetchFailure.Timeout, $"no complete response within {_options.Timeout.TotalMilliseconds:0} ms (while {stage})");
        }
#pragma warning disable CA1031 // The fetch path never throws: every failure is classified (ICertificateSource contract).
        catch (Exception e)
#pragma warning restore CA1031
        {
            return Classify(e);
        }
        finally
        {
            if (entered)
            {
                _bulkhead.Release();
            }
        }
    }

    private static async Task<byte[]?> ReadBoundedAsync(HttpContent content, int maxBytes, CancellationToken cancellationToken)
    {
        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = ArrayPool<byte>.Shared.Rent(maxBytes + 1);
            try
            {
                var total = 0;
                while (true)
                {
                    var read = await stream.ReadAsync(buffer.AsMemory(total, maxBytes + 1 - total), cancellationToken).ConfigureAwait(false);
                    if (read == 0)
                    {
                        return buffer.AsSpan(0, total).ToArray();
                    }

                    total += read;
                    if (total > maxBytes)
                    {
                        return null;
                    }
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    private static HttpFetchResult Classify(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case AddressRefusedException refused:
                    return HttpFetchResult.Fail(CertificateFetchFailure.PolicyRefused, refused.Message);
                case AuthenticationException tls:
                    return HttpFetchResult.Fail(CertificateFetchFailure.TlsFailure, $"TLS handshake failed: {tls.Message}");
                case SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain } dns:
                    return HttpFetchResult.Fail(CertificateFetchFailure.DnsFailure, $"the host name did not resolve: {dns.Message}");
                case SocketException socket:
                    return HttpFetchResult.Fail(CertificateFetchFailure.ConnectFailure, $"connection failed: {socket.SocketErrorCode} {socket.Message}");
                case TimeoutException:
                    return HttpFetchResult.Fail(CertificateFetchFailure.Timeout, "the connection timed out");
            }
        }

        if (exception is HttpRequestException http)
        {
            var failure = http.HttpRequestError switch
            {
                HttpRequestError.NameResolutionError => CertificateFetchFailure.DnsFailure,
                HttpRequestError.ConnectionError => CertificateFetchFailure.ConnectFailure,
                HttpRequestError.SecureConnectionError => CertificateFetchFailure.TlsFailure,
                HttpRequestError.ConfigurationLimitExceeded => CertificateFetchFailure.TooLarge,
                _ => CertificateFetchFailure.Other,
            };
            return HttpFetchResult.Fail(failure, $"{http.HttpRequestError}: {http.Message}");
        }

        return HttpFetchResult.Fail(CertificateFetchFailure.Other, $"{exception.GetType().Name}: {exception.Message}");
    }
}
