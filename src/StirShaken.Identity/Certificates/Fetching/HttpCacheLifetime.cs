using System.Net.Http.Headers;

namespace StirShaken.Identity.Certificates.Fetching;

/// <summary>
/// HTTP cache lifetime rules for x5u certificates. ATIS-1000074 §5.3.1 cache rule, with RFC 9111 §4.2:
/// follow HTTP caching, but when the response has no recognised directive, or one shorter than
/// 24 h, cache for the default (24 h); never beyond the certificate's notAfter.
/// </summary>
internal static class HttpCacheLifetime
{
    /// <summary>Reads <c>Cache-Control</c> (<c>no-store</c>, <c>s-maxage</c>, <c>max-age</c>) and <c>Expires</c>.</summary>
    /// <param name="headers">Response headers.</param>
    /// <param name="contentHeaders">Content headers (where <c>Expires</c> lives), or null.</param>
    /// <param name="now">The local time, used when the response has no <c>Date</c>.</param>
    public static HttpFreshness Parse(HttpResponseHeaders headers, HttpContentHeaders? contentHeaders, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var cacheControl = headers.CacheControl;
        if (cacheControl is not null)
        {
            if (cacheControl.NoStore)
            {
                return new HttpFreshness(true, null);
            }

            // We are a cache shared by every call: s-maxage wins (RFC 9111 §5.2.2.10).
            if (cacheControl.SharedMaxAge is { } shared)
            {
                return new HttpFreshness(false, NonNegative(shared));
            }

            if (cacheControl.MaxAge is { } maxAge)
            {
                return new HttpFreshness(false, NonNegative(maxAge));
            }

            if (cacheControl.NoCache)
            {
                return new HttpFreshness(false, TimeSpan.Zero);
            }
        }

        if (contentHeaders?.Expires is { } expires)
        {
            return new HttpFreshness(false, NonNegative(expires - (headers.Date ?? now)));
        }

        // An unparseable Expires means "already expired" (RFC 9111 §5.3).
        if (contentHeaders is not null && contentHeaders.Contains("Expires"))
        {
            return new HttpFreshness(false, TimeSpan.Zero);
        }

        return HttpFreshness.None;
    }

    /// <summary>
    /// When a certificate chain fetched at <paramref name="now"/> expires from the cache, or null when
    /// it must not be cached (<c>no-store</c> honoured, or already past notAfter).
    /// Lifetime = max(<paramref name="defaultLifetime"/>, HTTP lifetime), at most
    /// <paramref name="maxLifetime"/>, and never after <paramref name="notAfter"/>.
    /// </summary>
    public static DateTimeOffset? ExpiresAt(HttpFreshness freshness, DateTimeOffset now, DateTimeOffset notAfter, TimeSpan defaultLifetime, TimeSpan maxLifetime, bool honorNoStore = true)
    {
        if (freshness.NoStore && honorNoStore)
        {
            return null;
        }

        var lifetime = freshness.Lifetime is { } http && http > defaultLifetime ? http : defaultLifetime;
        if (lifetime > maxLifetime)
        {
            lifetime = maxLifetime;
        }

        var expires = now + lifetime;
        if (expires > notAfter)
        {
            expires = notAfter;
        }

        return expires > now ? expires : null;
    }

    private static TimeSpan NonNegative(TimeSpan value) => value < TimeSpan.Zero ? TimeSpan.Zero : value;
}
