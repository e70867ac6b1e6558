namespace StirShaken.Identity.Server;

/// <summary>
/// The service's own settings, bound from the configuration section <c>StirShaken:Server</c>
/// (<c>appsettings.json</c>, environment variables <c>StirShaken__Server__…</c>, or the <c>serve</c> flags).
/// README "HTTP service" lists every key.
/// </summary>
public sealed class ServerOptions
{
    /// <summary>The configuration section: <c>StirShaken:Server</c>.</summary>
    public const string Section = "StirShaken:Server";

    /// <summary>Largest accepted request body in bytes; a larger one is answered 413. Default 32 KiB (a request with ten Identity headers is under 8 KiB).</summary>
    public int MaxRequestBodyBytes { get; set; } = 32 * 1024;

    /// <summary>Requests verified or signed at the same time; more wait in a queue of <see cref="QueueLimit"/>. Default 256.</summary>
    public int MaxConcurrentRequests { get; set; } = 256;

    /// <summary>Requests that may wait for a slot; beyond that the service answers 503 <c>{"error":…}</c> at once. Default 1,024.</summary>
    public int QueueLimit { get; set; } = 1024;

    /// <summary>
    /// How long a verification request waits for its answer. When it elapses (a hung certificate server, a slow CRL) the
    /// request is answered <c>436 Bad Identity Info</c> / <c>No-TN-Validation</c>. The timeout (like the client hanging up)
    /// cancels only this request's verification: a certificate download it started is shared and goes on until the
    /// fetcher's own timeout (<c>StirShaken:Fetcher:Timeout</c>, 2 s by default), filling the cache for the next
    /// requests, and is never cached as failed because a caller left. Other requests are not affected. Default 5 s.
    /// </summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a stopping service (SIGTERM) waits for requests in flight to finish. Default 10 s.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// StackExchange.Redis configuration string (e.g. <c>127.0.0.1:6379,abortConnect=false</c>) of the certificate cache
    /// shared by every instance (the L2 of the x5u cache). Null: each instance caches in memory only.
    /// </summary>
    public string? Redis { get; set; }

    /// <summary>Key prefix in Redis. Default <c>stirshaken:</c>.</summary>
    public string RedisInstanceName { get; set; } = "stirshaken:";

    /// <summary>
    /// Verification time as Unix seconds (replaying recorded traffic, tests); null = the system clock.
    /// Also the clock of the signer's default <c>iat</c>.
    /// </summary>
    public long? AtUnixSeconds { get; set; }

    /// <summary>PEM files of TLS roots trusted for x5u downloads instead of the system roots (a private or test HTTPS server). Empty in production.</summary>
    public IList<string> TlsRootPaths { get; set; } = [];

    /// <summary>The signer's EC P-256 private key (PKCS#8 or SEC1 PEM). With <see cref="SigningX5u"/>, enables <c>POST /stir/v1/signing</c>.</summary>
    public string? SigningKeyPath { get; set; }

    /// <summary>The https URL where the signer's certificate chain is published (x5u and info).</summary>
    public string? SigningX5u { get; set; }

    /// <summary>Whether signing is configured.</summary>
    public bool SigningEnabled => !string.IsNullOrEmpty(SigningKeyPath) && !string.IsNullOrEmpty(SigningX5u);

    /// <summary>Appends a description of each invalid setting to <paramref name="errors"/>.</summary>
    internal void CollectErrors(List<string> errors)
    {
        if (MaxRequestBodyBytes is < 256 or > 1024 * 1024)
        {
            errors.Add($"{Section}:MaxRequestBodyBytes must be between 256 and 1048576.");
        }

        if (MaxConcurrentRequests < 1)
        {
            errors.Add($"{Section}:MaxConcurrentRequests must be at least 1.");
        }

        if (QueueLimit < 0)
        {
            errors.Add($"{Section}:QueueLimit must not be negative.");
        }

        if (RequestTimeout <= TimeSpan.Zero || RequestTimeout > TimeSpan.FromMinutes(1))
        {
            errors.Add($"{Section}:RequestTimeout must be positive and at most 1 minute.");
        }

        if (ShutdownTimeout < TimeSpan.Zero)
        {
            errors.Add($"{Section}:ShutdownTimeout must not be negative.");
        }

        if (string.IsNullOrEmpty(SigningKeyPath) != string.IsNullOrEmpty(SigningX5u))
        {
            errors.Add($"{Section}: SigningKeyPath and SigningX5u go together (--signing-key KEY.pem --x5u URL).");
        }
    }
}
