using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StirShaken.Identity.Certificates.Fetching;

namespace StirShaken.Identity.Verification;

/// <summary>
/// Fetches RCD icons and jCards through the hardened HTTPS fetcher of the certificate layer (https only, ports,
/// no redirects, SSRF filter, size and time limits), with its own limits and its own cache: images
/// (PNG, JPEG, SVG; RFC 9796 §10.2) up to <see cref="RichCallDataFetchOptions.MaxImageBytes"/>, jCards
/// (<c>application/json</c>, RFC 9795 §5.1.5) up to <see cref="RichCallDataFetchOptions.MaxJCardBytes"/>. Content
/// behind a jCard's URIs is only ever fetched as an image, so URI references never nest (RFC 9795 §5.1.4).
/// Thread-safe; dispose to release the HTTP client.
/// </summary>
public sealed class HttpsRichCallDataContentSource : IRichCallDataContentSource, IDisposable
{
    private static readonly string[] ImageTypes = ["image/png", "image/jpeg", "image/svg+xml"];
    private readonly HttpClient _client;
    private readonly IBoundedFetcher _fetcher;
    private readonly RichCallDataFetchOptions _options;
    private readonly LruCache<byte[]> _cache;
    private readonly TimeProvider _time;

    /// <summary>Creates the source with its own HTTP client.</summary>
    /// <param name="options">Limits and the fetch policy; defaults when null.</param>
    /// <param name="timeProvider">Clock for cache expiry; system clock when null.</param>
    /// <param name="logger">Logger; none when null.</param>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public HttpsRichCallDataContentSource(RichCallDataFetchOptions? options = null, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        _options = options ?? new RichCallDataFetchOptions();
        var errors = new List<string>();
        _options.Fetcher.CollectErrors(errors, "Fetcher.");
        if (_options.MaxImageBytes is < 1 or > 4 * 1024 * 1024 || _options.MaxJCardBytes is < 1 or > 1024 * 1024 || _options.CacheCapacity < 0 || _options.CacheLifetime < TimeSpan.Zero)
        {
            errors.Add("MaxImageBytes (1 B..4 MiB), MaxJCardBytes (1 B..1 MiB), CacheCapacity and CacheLifetime (not negative) are out of range.");
        }

        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(options));
        }

        _time = timeProvider ?? TimeProvider.System;
        _client = new HttpClient(FetcherHandler.Create(_options.Fetcher), disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        _fetcher = new HardenedHttpFetcher(() => _client, _options.Fetcher, _time, logger ?? NullLogger.Instance, null);
        _cache = new LruCache<byte[]>(Math.Max(1, _options.CacheCapacity));
    }

    /// <inheritdoc />
    public async ValueTask<RichCallDataContent> GetAsync(string url, RichCallDataContentKind kind, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        var key = kind + " " + url;
        if (_options.CacheCapacity > 0 && _cache.TryGet(key, _time.GetUtcNow(), out var cached))
        {
            return RichCallDataContent.Ok(cached);
        }

        var image = kind == RichCallDataContentKind.Image;
        var result = await _fetcher.GetAsync(url, image ? "rcd-image" : "rcd-jcard", image ? _options.MaxImageBytes : _options.MaxJCardBytes,
            image ? string.Join(", ", ImageTypes) : "application/json", cancellationToken).ConfigureAwait(false);
        if (result.Body is null)
        {
            return RichCallDataContent.Fail($"{result.Failure}: {result.Detail}");
        }

        var type = result.MediaType?.ToLowerInvariant();
        if (image ? !ImageTypes.Contains(type) : type != "application/json")
        {
            return RichCallDataContent.Fail($"the content type is '{result.MediaType ?? "absent"}'; expected {(image ? string.Join(", ", ImageTypes) : "application/json")}");
        }

        if (_options.CacheCapacity > 0 && !result.Freshness.NoStore)
        {
            var lifetime = result.Freshness.Lifetime is { } l && l < _options.CacheLifetime ? l : _options.CacheLifetime;
            _cache.Set(key, result.Body, _time.GetUtcNow() + lifetime);
        }

        return RichCallDataContent.Ok(result.Body);
    }

    /// <inheritdoc />
    public void Dispose() => _client.Dispose();
}

/// <summary>Limits of <see cref="HttpsRichCallDataContentSource"/> (RFC 9795 §16: bound the size of referenced content).</summary>
public sealed class RichCallDataFetchOptions
{
    /// <summary>The HTTPS policy (scheme, ports, SSRF filter, timeouts); a new secure <see cref="CertificateFetcherOptions"/> by default.</summary>
    public CertificateFetcherOptions Fetcher { get; init; } = new();

    /// <summary>Largest image accepted, in bytes. Default 256 KiB.</summary>
    public int MaxImageBytes { get; init; } = 256 * 1024;

    /// <summary>Largest jCard accepted, in bytes. Default 16 KiB.</summary>
    public int MaxJCardBytes { get; init; } = 16 * 1024;

    /// <summary>How many documents the cache keeps (0 = no cache). Default 256.</summary>
    public int CacheCapacity { get; init; } = 256;

    /// <summary>Longest time a document is cached (shorter when HTTP caching headers say so). Default 1 hour.</summary>
    public TimeSpan CacheLifetime { get; init; } = TimeSpan.FromHours(1);
}
