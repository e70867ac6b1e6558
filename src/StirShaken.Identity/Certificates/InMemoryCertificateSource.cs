using System.Collections.Concurrent;
using System.Text;

namespace StirShaken.Identity.Certificates;

/// <summary>
/// An offline <see cref="ICertificateSource"/>: a fixed map from URL to chain (tests, samples, the
/// CLI's <c>--cert URL=FILE</c>, replay of recorded traffic). Thread-safe. URLs are compared
/// exactly (RFC 3986 §6.2.1 simple string comparison, as for x5u == info). With a fallback, the
/// configured chains come first and every other URL goes to the fallback (e.g. the caching HTTPS fetcher).
/// </summary>
public sealed class InMemoryCertificateSource : ICertificateSource
{
    private readonly ConcurrentDictionary<string, CertificateChain> _chains = new(StringComparer.Ordinal);
    private readonly ICertificateSource? _fallback;

    /// <summary>Creates an empty source: a URL without a configured chain fails with <see cref="CertificateFetchFailure.NotFound"/>.</summary>
    public InMemoryCertificateSource()
    {
    }

    /// <summary>Creates an empty source whose unconfigured URLs are asked of <paramref name="fallback"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="fallback"/> is null.</exception>
    public InMemoryCertificateSource(ICertificateSource fallback) => _fallback = fallback ?? throw new ArgumentNullException(nameof(fallback));

    /// <summary>Adds or replaces the chain served for <paramref name="url"/>.</summary>
    public InMemoryCertificateSource Add(string url, CertificateChain chain)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(chain);
        _chains[url] = chain;
        return this;
    }

    /// <summary>Adds the chain parsed from a PEM text (leaf first).</summary>
    /// <exception cref="InvalidDataException">The text holds no valid certificate.</exception>
    public InMemoryCertificateSource AddPem(string url, string pem)
    {
        ArgumentNullException.ThrowIfNull(pem);
        return Add(url, ParseOrThrow(Encoding.UTF8.GetBytes(pem), "PEM text"));
    }

    /// <summary>Adds the chain read from a PEM or DER file (a regular file of at most <see cref="TrustAnchorStore.MaxFileBytes"/>).</summary>
    /// <exception cref="InvalidDataException">The file holds no valid certificate, is not a regular file (FIFO, device) or is too large.</exception>
    public InMemoryCertificateSource AddFile(string url, string path) => Add(url, ParseOrThrow(BoundedFile.ReadAllBytes(path, TrustAnchorStore.MaxFileBytes, "Certificate chain file"), path));

    /// <inheritdoc />
    public ValueTask<CertificateFetchResult> GetCertificateChainAsync(string url, CancellationToken cancellationToken = default)
    {
        if (url is not null && _chains.TryGetValue(url, out var chain))
        {
            return new ValueTask<CertificateFetchResult>(CertificateFetchResult.Ok(chain));
        }

        return _fallback is not null
            ? _fallback.GetCertificateChainAsync(url!, cancellationToken)
            : new ValueTask<CertificateFetchResult>(CertificateFetchResult.Fail(CertificateFetchFailure.NotFound, $"no certificate is configured for '{url}'"));
    }

    private static CertificateChain ParseOrThrow(byte[] body, string what)
    {
        var parsed = CertificateChain.TryParse(body);
        return parsed.IsSuccess ? parsed.Value : throw new InvalidDataException($"{what}: {parsed.Error.Message}");
    }
}
