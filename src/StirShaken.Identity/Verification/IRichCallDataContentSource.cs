namespace StirShaken.Identity.Verification;

/// <summary>
/// Fetches content referenced by Rich Call Data (icons, logos, jCards; RFC 9795 §5.1.3–§5.1.5) so its <c>rcdi</c>
/// digest can be checked. Used only when <see cref="RichCallDataOptions.FetchContent"/> is on;
/// <see cref="HttpsRichCallDataContentSource"/> is the hardened HTTPS implementation. Must be thread-safe and never
/// throw except on cancellation.
/// </summary>
public interface IRichCallDataContentSource
{
    /// <summary>Fetches <paramref name="url"/>.</summary>
    /// <param name="url">An https URL taken from the RCD.</param>
    /// <param name="kind">What the content must be: an image, or a jCard (<c>application/json</c>).</param>
    /// <param name="cancellationToken">Cancels the fetch.</param>
    /// <returns>The body, or a failure description.</returns>
    ValueTask<RichCallDataContent> GetAsync(string url, RichCallDataContentKind kind, CancellationToken cancellationToken);
}

/// <summary>The kinds of content RCD refers to.</summary>
public enum RichCallDataContentKind
{
    /// <summary>An image (<c>icn</c>, jCard <c>logo</c>/<c>photo</c>): PNG, JPEG or SVG (RFC 9796 §10.2).</summary>
    Image,

    /// <summary>A jCard document (<c>jcl</c>): <c>application/json</c>, UTF-8 (RFC 9795 §5.1.5).</summary>
    JCard,
}

/// <summary>The outcome of one content fetch: the exact body bytes, or why there are none.</summary>
/// <param name="Body">The response body as received, or null on failure.</param>
/// <param name="Failure">Why the fetch failed, or null on success.</param>
public sealed record RichCallDataContent(byte[]? Body, string? Failure)
{
    /// <summary>A successful fetch.</summary>
    public static RichCallDataContent Ok(byte[] body) => new(body ?? throw new ArgumentNullException(nameof(body)), null);

    /// <summary>A failed fetch.</summary>
    public static RichCallDataContent Fail(string failure) => new(null, failure);
}
