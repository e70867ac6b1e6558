using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StirShaken.Identity.Certificates.Fetching;

namespace StirShaken.Identity.Verification;

/// <summary>
/// Fetches RCD icons and jCards through the hardened HTTPS fetcher of the certificate layer (https only, ports,
/// no redirects, SSRF filter, size and time limits), with its own limits and its own cache: images
/// (PNG, JPEG, SVG; RFC 9796 §10.2) up to <see cref="RichCallDataFetchOptions.MaxImageBytes"/>, jCards
/// (<c>application/json</c>, RFC 9795 §5.1.5) up to <see cref="RichCallDataFetchOptions.MaxJCardBytes"/>. Content
/// behind a jCard's URIs is only ever fetched as an image, and an SVG image that refers to other content (href,
/// <c>url(...)</c>, script) is refused, so URI references never nest (RFC 9795 §5.1.4, RFC 9796 §10.1).
/// Thread-safe; dispose to release the HTTP client.
/// </summary>
public sealed class HttpsRichCallDataContentSource : IRichCallDataContentSource, IDisposable
{
    private static readonly string[] ImageTypes = ["image/png", "image/jpeg", "image/svg+xml"];
    private readonly HttpClient? _ownedClient;
    private readonly IBoundedFetcher _fetcher;
    private readonly RichCallDataFetchOptions _options;
    private readonly LruCache<byte[]> _cache;
    private readonly TimeProvider _time;

    /// <summary>The name of the <see cref="HttpClient"/> the hosting integration registers for RCD content (<c>AddStirShakenVerification</c>).</summary>
    public const string HttpClientName = "StirShaken.Identity.rcd";

    /// <summary>Creates the source with its own HTTP client (handler from <see cref="HttpsCertificateSource.CreateHandler"/>). Dispose it when done.</summary>
    /// <param name="options">Limits and the fetch policy; defaults when null.</param>
    /// <param name="timeProvider">Clock for cache expiry; system clock when null.</param>
    /// <param name="logger">Logger; none when null.</param>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public HttpsRichCallDataContentSource(RichCallDataFetchOptions? options = null, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        _options = Checked(options ?? new RichCallDataFetchOptions());
        _time = timeProvider ?? TimeProvider.System;
        _ownedClient = new HttpClient(FetcherHandler.Create(_options.Fetcher), disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        var client = _ownedClient;
        _fetcher = new HardenedHttpFetcher(() => client, _options.Fetcher, _time, logger ?? NullLogger.Instance, null);
        _cache = new LruCache<byte[]>(Math.Max(1, _options.CacheCapacity));
    }

    /// <summary>
    /// Creates the source on clients from <paramref name="httpClientFactory"/> (what <c>AddStirShakenVerification</c> does). The
    /// named client's primary handler MUST come from <see cref="HttpsCertificateSource.CreateHandler"/> with
    /// <see cref="RichCallDataFetchOptions.Fetcher"/>, otherwise the SSRF address filter, the connect timeout and the
    /// redirect refusal are not in force.
    /// </summary>
    /// <param name="httpClientFactory">The factory; clients are created per fetch.</param>
    /// <param name="httpClientName">The named client, e.g. <see cref="HttpClientName"/>.</param>
    /// <param name="options">Limits and the fetch policy.</param>
    /// <param name="timeProvider">Clock for cache expiry; system clock when null.</param>
    /// <param name="logger">Logger; none when null.</param>
    /// <exception cref="ArgumentNullException">A required argument is null.</exception>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    internal HttpsRichCallDataContentSource(IHttpClientFactory httpClientFactory, string httpClientName, RichCallDataFetchOptions options, TimeProvider? timeProvider, ILogger? logger)
    {
        ArgumentNullException.ThrowIfNull(httpClientFactory);
        ArgumentNullException.ThrowIfNull(httpClientName);
        ArgumentNullException.ThrowIfNull(options);
        _options = Checked(options);
        _time = timeProvider ?? TimeProvider.System;
        _fetcher = new HardenedHttpFetcher(() => httpClientFactory.CreateClient(httpClientName), _options.Fetcher, _time, logger ?? NullLogger.Instance, null);
        _cache = new LruCache<byte[]>(Math.Max(1, _options.CacheCapacity));
    }

    /// <summary>The limits in force.</summary>
    public RichCallDataFetchOptions Options => _options;

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

        if (type == "image/svg+xml" && SvgReference(result.Body) is { } reference)
        {
            return RichCallDataContent.Fail($"the SVG image is refused: {reference} (RFC 9795 §5.1.4, RFC 9796 §10.1: content behind an RCD URI must not refer to other content)");
        }

        if (_options.CacheCapacity > 0 && !result.Freshness.NoStore)
        {
            var lifetime = result.Freshness.Lifetime is { } l && l < _options.CacheLifetime ? l : _options.CacheLifetime;
            _cache.Set(key, result.Body, _time.GetUtcNow() + lifetime);
        }

        return RichCallDataContent.Ok(result.Body);
    }

    /// <inheritdoc />
    public void Dispose() => _ownedClient?.Dispose();

    /// <summary>
    /// Why an SVG image refers to other content, or null when it does not: an <c>href</c> (any namespace) other than a
    /// same-document <c>#fragment</c>, a <c>url(...)</c> or <c>@import</c> outside a fragment, a <c>script</c> or
    /// <c>foreignObject</c> element, a DTD (entities can pull in files), or a document that is not well-formed XML.
    /// One level of URI indirection (RFC 9795 §5.1.4–§5.1.5): an image behind an RCD URI must not lead further.
    /// </summary>
    internal static string? SvgReference(byte[] body)
    {
        var settings = new System.Xml.XmlReaderSettings
        {
            DtdProcessing = System.Xml.DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = 4 * 1024 * 1024,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
        };
        try
        {
            using var reader = System.Xml.XmlReader.Create(new MemoryStream(body, writable: false), settings);
            while (reader.Read())
            {
                if (reader.NodeType == System.Xml.XmlNodeType.Element)
                {
                    if (reader.LocalName is "script" or "foreignObject")
                    {
                        return $"it contains a <{reader.LocalName}> element";
                    }

                    for (var more = reader.MoveToFirstAttribute(); more; more = reader.MoveToNextAttribute())
                    {
                        if ((reader.LocalName == "href" && !reader.Value.TrimStart().StartsWith('#')) || ExternalCss(reader.Value))
                        {
                            return $"attribute {reader.Name}=\"{Shorten(reader.Value)}\" refers to other content";
                        }
                    }

                    reader.MoveToElement();
                }
                else if (reader.NodeType is System.Xml.XmlNodeType.Text or System.Xml.XmlNodeType.CDATA && ExternalCss(reader.Value))
                {
                    return $"text \"{Shorten(reader.Value)}\" refers to other content";
                }
            }

            return null;
        }
        catch (System.Xml.XmlException e)
        {
            return "it is not well-formed XML without a DTD: " + e.Message;
        }

        static bool ExternalCss(string value)
        {
            if (value.Contains("@import", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            for (var at = value.IndexOf("url(", StringComparison.OrdinalIgnoreCase); at >= 0; at = value.IndexOf("url(", at + 4, StringComparison.OrdinalIgnoreCase))
            {
                if (!value[(at + 4)..].TrimStart(' ', '\t', '\r', '\n', '\'', '"').StartsWith('#'))
                {
                    return true;
                }
            }

            return false;
        }

        static string Shorten(string value) => value.Length <= 60 ? value : value[..60] + "…";
    }

    private static RichCallDataFetchOptions Checked(RichCallDataFetchOptions options)
    {
        var errors = new List<string>();
        options.CollectErrors(errors, string.Empty);
        return errors.Count == 0 ? options : throw new ArgumentException(string.Join(" ", errors), nameof(options));
    }
}

/// <summary>Limits of <see cref="HttpsRichCallDataContentSource"/> (RFC 9795 §16: bound the size of referenced content).</summary>
public sealed class RichCallDataFetchOptions
{
    /// <summary>A fresh instance with the defaults below.</summary>
    public static RichCallDataFetchOptions Default => new();

    /// <summary>The HTTPS policy (scheme, ports, SSRF filter, timeouts); a new secure <see cref="CertificateFetcherOptions"/> by default.</summary>
    public CertificateFetcherOptions Fetcher { get; set; } = new();

    /// <summary>Largest image accepted, in bytes. Default 256 KiB.</summary>
    public int MaxImageBytes { get; set; } = 256 * 1024;

    /// <summary>Largest jCard accepted, in bytes. Default 16 KiB.</summary>
    public int MaxJCardBytes { get; set; } = 16 * 1024;

    /// <summary>How many documents the cache keeps (0 = no cache). Default 256.</summary>
    public int CacheCapacity { get; set; } = 256;

    /// <summary>Longest time a document is cached (shorter when HTTP caching headers say so). Default 1 hour.</summary>
    public TimeSpan CacheLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Appends a description of each invalid setting to <paramref name="errors"/>.</summary>
    internal void CollectErrors(List<string> errors, string prefix)
    {
        if (Fetcher is null)
        {
            errors.Add($"{prefix}Fetcher must not be null.");
        }
        else
        {
            Fetcher.CollectErrors(errors, prefix + "Fetcher.");
        }

        if (MaxImageBytes is < 1 or > 4 * 1024 * 1024)
        {
            errors.Add($"{prefix}MaxImageBytes must be between 1 B and 4 MiB.");
        }

        if (MaxJCardBytes is < 1 or > 1024 * 1024)
        {
            errors.Add($"{prefix}MaxJCardBytes must be between 1 B and 1 MiB.");
        }

        if (CacheCapacity < 0 || CacheLifetime < TimeSpan.Zero)
        {
            errors.Add($"{prefix}CacheCapacity and CacheLifetime must not be negative.");
        }
    }
}
