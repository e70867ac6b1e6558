using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StirShaken.Identity.Certificates.Fetching;
using StirShaken.Identity.Diagnostics;

namespace StirShaken.Identity.Certificates.Caching;

/// <summary>
/// A caching decorator for any <see cref="ICertificateSource"/> (normally <see cref="HttpsCertificateSource"/>).
/// Key = the x5u URL (ATIS-1000074 §5.3.1). The whole chain is cached. Lifetime = max(HTTP lifetime,
/// <see cref="CertificateCacheOptions.DefaultLifetime"/> = 24 h), capped at the chain's earliest notAfter and
/// <see cref="CertificateCacheOptions.MaxLifetime"/>; <c>no-store</c> is honoured. Bounded LRU in memory,
/// single-flight (N concurrent misses for one URL = one download), a short negative cache for
/// failing URLs in its own smaller LRU (a flood of failing URLs never evicts a chain), optional refresh-ahead, and an optional <see cref="IDistributedCache"/> second level
/// (e.g. Redis) shared by a cluster, holding the chain's DER bytes and expiry. Expiry uses the
/// <see cref="TimeProvider"/>. Validation results are not cached here but in <see cref="CertificateValidator"/>,
/// which re-checks time on every use. Thread-safe.
/// </summary>
public sealed class CachingCertificateSource : ICertificateSource, IDisposable
{
    private readonly ICertificateSource _inner;
    private readonly CertificateCacheOptions _options;
    private readonly IDistributedCache? _distributed;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly StirShakenMetrics? _metrics;
    private readonly LruCache<Entry> _entries;

    // Failures live in their own, smaller LRU: junk URLs (cheap for an attacker to vary) can only evict other
    // failures, never a valid chain (README "Hostile input").
    private readonly LruCache<Entry> _failures;
    private readonly SingleFlight<Entry> _loads = new();
    private readonly CancellationTokenSource _stop = new();
    private int _disposed;

    /// <summary>Creates the cache.</summary>
    /// <param name="inner">The source to load from on a miss.</param>
    /// <param name="options">Policy; defaults when null.</param>
    /// <param name="distributedCache">Optional second level shared by several nodes.</param>
    /// <param name="timeProvider">Clock for expiry; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="logger">Logger.</param>
    /// <param name="metrics">Metrics (hits/misses).</param>
    public CachingCertificateSource(ICertificateSource inner, CertificateCacheOptions? options = null, IDistributedCache? distributedCache = null, TimeProvider? timeProvider = null, ILogger? logger = null, StirShakenMetrics? metrics = null)
    {
        _inner = inner ?? throw new ArgumentNullException(nameof(inner));
        _options = options ?? new CertificateCacheOptions();
        var errors = new List<string>();
        _options.CollectErrors(errors, string.Empty);
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(options));
        }

        _entries = new LruCache<Entry>(_options.MaxEntries);
        _failures = new LruCache<Entry>(_options.MaxNegativeEntries);
        _distributed = distributedCache;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _metrics = metrics;
    }

    /// <summary>Number of entries in memory (chains and remembered failures).</summary>
    public int Count => _entries.Count + _failures.Count;

    /// <summary>Number of chains in memory (at most <see cref="CertificateCacheOptions.MaxEntries"/>).</summary>
    internal int ChainCount => _entries.Count;

    /// <summary>Number of remembered failures (at most <see cref="CertificateCacheOptions.MaxNegativeEntries"/>).</summary>
    internal int FailureCount => _failures.Count;

    /// <summary>The expiry of the in-memory entry for <paramref name="url"/>, or null (for diagnostics and tests).</summary>
    internal DateTimeOffset? GetExpiry(string url) => _entries.GetExpiry(url) ?? _failures.GetExpiry(url);

    /// <summary>Drops the in-memory entry for <paramref name="url"/> (the distributed level is left alone).</summary>
    public void Invalidate(string url)
    {
        _entries.Remove(url);
        _failures.Remove(url);
    }

    /// <inheritdoc />
    public async ValueTask<CertificateFetchResult> GetCertificateChainAsync(string url, CancellationToken cancellationToken = default)
    {
        if (url is null)
        {
            return CertificateFetchResult.Fail(CertificateFetchFailure.PolicyRefused, "the URL is null");
        }

        var now = _time.GetUtcNow();
        if (_entries.TryGet(url, now, out var entry) || _failures.TryGet(url, now, out entry))
        {
            _metrics?.CacheHit("x5u", entry.Negative ? "negative" : "memory");
            MaybeRefresh(url, entry, now);
            return entry.Result;
        }

        _metrics?.CacheMiss("x5u");
        // A caller already gone starts no download (the shared one would otherwise run for nobody); a download that a
        // waiter leaves later goes on for the others and is cached by its own outcome, never as a cancellation.
        cancellationToken.ThrowIfCancellationRequested();
        var loaded = await _loads.Run(url, () => LoadAsync(url, refresh: false)).WaitAsync(cancellationToken).ConfigureAwait(false);
        return loaded.Result;
    }

    /// <summary>Stops background refreshes and in-flight downloads started by the cache.</summary>
    public void Dispose()
    {
        // Idempotent: a container may dispose the same instance under two registrations.
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _stop.Cancel();
            _stop.Dispose();
        }
    }

    private void MaybeRefresh(string url, Entry entry, DateTimeOffset now)
    {
        if (_options.RefreshBeforeExpiry is not { } ahead || entry.Negative || entry.ExpiresAt - now > ahead || _loads.IsRunning(url) || Volatile.Read(ref _disposed) != 0)
        {
            return;
        }

        CertificateLog.RefreshStarted(_logger, LogFormat.Host(url));
        _ = _loads.Run(url, () => LoadAsync(url, refresh: true));
    }

    private async Task<Entry> LoadAsync(string url, bool refresh)
    {
        CancellationToken stopping;
        try
        {
            stopping = _stop.Token;
        }
        catch (ObjectDisposedException)
        {
            return new Entry(url, CertificateFetchResult.Fail(CertificateFetchFailure.Other, "the certificate cache is disposed"), DateTimeOffset.MinValue, true);
        }

        // A URL the fetcher refuses without the network (policy, or an IP literal that is special-purpose) never waits for the L2.
        if (!refresh && !RefusedBeforeFetch(url) && await TryDistributedAsync(url, stopping).ConfigureAwait(false) is { } shared)
        {
            return shared;
        }

        var now = _time.GetUtcNow();
        CertificateDownload download;
        try
        {
            download = _inner is IHttpCertificateSource http
                ? await http.DownloadAsync(url, stopping).ConfigureAwait(false)
                : new CertificateDownload(await _inner.GetCertificateChainAsync(url, stopping).ConfigureAwait(false), HttpFreshness.None, null);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            return new Entry(url, CertificateFetchResult.Fail(CertificateFetchFailure.Other, "the certificate cache is disposed"), DateTimeOffset.MinValue, true);
        }
#pragma warning disable CA1031 // A misbehaving source becomes a failure (436), never an exception.
        catch (Exception e)
#pragma warning restore CA1031
        {
            download = new CertificateDownload(CertificateFetchResult.Fail(CertificateFetchFailure.Other, e.Message), HttpFreshness.None, null);
        }

        var result = download.Result;
        if (!result.IsSuccess)
        {
            var negative = new Entry(url, result, now + _options.NegativeLifetime, true);
            if (refresh)
            {
                // Keep serving the entry we have until it expires; the next miss retries.
                return negative;
            }

            if (_options.NegativeLifetime > TimeSpan.Zero)
            {
                Store(negative);
            }

            return negative;
        }

        var expires = HttpCacheLifetime.ExpiresAt(download.Freshness, now, EarliestNotAfter(result.Chain), _options.DefaultLifetime, _options.MaxLifetime, _options.HonorNoStore);
        var entry = new Entry(url, result, expires ?? now, false);
        if (expires is { } at)
        {
            Store(entry);
            CertificateLog.CacheStored(_logger, LogFormat.Host(url), at);
            await SetDistributedAsync(url, result.Chain, at, stopping).ConfigureAwait(false);
        }
        else
        {
            Invalidate(url);
        }

        return entry;
    }

    private bool RefusedBeforeFetch(string url)
    {
        if (_inner is not HttpsCertificateSource https)
        {
            return false;
        }

        if (!https.Options.UrlPolicy.IsAllowed(url, out _))
        {
            return true;
        }

        try
        {
            return Uri.TryCreate(url, UriKind.Absolute, out var uri) && System.Net.IPAddress.TryParse(uri.IdnHost.Trim('[', ']'), out var address)
                && !AddressFilter.FromCidrs(https.Options.AllowedPrivateNetworks).IsAllowed(address, out _);
        }
        catch (FormatException)
        {
            return false; // an invalid allow-list: the fetcher reports it
        }
    }

    private async Task<Entry?> TryDistributedAsync(string url, CancellationToken stopping)
    {
        if (_distributed is null)
        {
            return null;
        }

        try
        {
            var value = await _distributed.GetAsync(_options.DistributedKeyPrefix + url, stopping).WaitAsync(_options.DistributedCacheTimeout, stopping).ConfigureAwait(false);
            var now = _time.GetUtcNow();
            if (DistributedChainCodec.TryDecode(value, out var chain, out var stored)
                && HttpCacheLifetime.ExpiresAt(HttpFreshness.None, now, EarliestNotAfter(chain!), _options.MaxLifetime, _options.MaxLifetime) is { } cap)
            {
                // The L2 is not trusted more than the network: its expiry gets the same caps (MaxLifetime, notAfter).
                var expiresAt = stored < cap ? stored : cap;
                if (expiresAt <= now)
                {
                    return null;
                }

                var entry = new Entry(url, CertificateFetchResult.Ok(chain!), expiresAt, false);
                Store(entry);
                _metrics?.CacheHit("x5u", "distributed");
                return entry;
            }
        }
#pragma warning disable CA1031 // The L2 is an optimisation: when it fails, fetch.
        catch (Exception e)
#pragma warning restore CA1031
        {
            CertificateLog.DistributedCacheFailed(_logger, LogFormat.Host(url), e.Message);
        }

        return null;
    }

    private async Task SetDistributedAsync(string url, CertificateChain chain, DateTimeOffset expiresAt, CancellationToken stopping)
    {
        if (_distributed is null)
        {
            return;
        }

        try
        {
            var options = new DistributedCacheEntryOptions { AbsoluteExpiration = expiresAt };
            await _distributed.SetAsync(_options.DistributedKeyPrefix + url, DistributedChainCodec.Encode(chain, expiresAt), options, stopping)
                .WaitAsync(_options.DistributedCacheTimeout, stopping).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The L2 is an optimisation.
        catch (Exception e)
#pragma warning restore CA1031
        {
            CertificateLog.DistributedCacheFailed(_logger, LogFormat.Host(url), e.Message);
        }
    }

    private static DateTimeOffset EarliestNotAfter(CertificateChain chain) =>
        chain.Certificates.Min(c => new DateTimeOffset(c.NotAfter.ToUniversalTime()));

    private void Store(Entry entry)
    {
        if (entry.Negative)
        {
            _failures.Set(entry.Url, entry, entry.ExpiresAt);
        }
        else
        {
            _failures.Remove(entry.Url);
            _entries.Set(entry.Url, entry, entry.ExpiresAt);
        }
    }

    private sealed record Entry(string Url, CertificateFetchResult Result, DateTimeOffset ExpiresAt, bool Negative);
}
