namespace StirShaken.Identity.Certificates.Fetching;

/// <summary>
/// What an HTTP response says about its own freshness (RFC 9111 §4.2.1): <c>no-store</c>, and the
/// freshness lifetime from <c>s-maxage</c>, else <c>max-age</c>, else <c>Expires</c> − <c>Date</c>.
/// </summary>
/// <param name="NoStore">The response carries <c>Cache-Control: no-store</c>.</param>
/// <param name="Lifetime">The explicit freshness lifetime, or null when the response has no directive.</param>
internal readonly record struct HttpFreshness(bool NoStore, TimeSpan? Lifetime)
{
    /// <summary>No caching directive at all.</summary>
    public static HttpFreshness None => default;
}
