namespace StirShaken.Identity.Certificates;

/// <summary>
/// Which x5u / info URLs the verifier will dereference (ATIS-1000074 §5.3.1): <c>https</c> only,
/// port empty, 443 or 8443, no userinfo, query, fragment, control character or space. This is the syntactic part; the HTTPS
/// fetcher additionally refuses hosts that resolve to special-purpose addresses (RFC 6890).
/// One instance serves both the verifier and the fetcher (<c>CertificateFetcherOptions.UrlPolicy</c>).
/// Settable for configuration binding; do not change an instance after a verifier or fetcher was built from it.
/// </summary>
public sealed class X5uUrlPolicy
{
    /// <summary>
    /// A NEW instance with the defaults on every call (never a shared instance: a configuration binder or a
    /// configure lambda that sets a property changes only its own copy).
    /// </summary>
    public static X5uUrlPolicy Default => new();

    // Most calls carry one of a few x5u URLs: an allowed URL is remembered so that the per-call check is one lookup,
    // not a System.Uri parse (README "Performance"). Bounded: past the limit new URLs are checked in full, not added,
    // so URLs an attacker chooses cost what they cost before and never grow memory. Cleared when a setting changes.
    private const int MaxRemembered = 1_024;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _allowed = new(StringComparer.Ordinal);
    private int _maxLength = 2_048;
    private IReadOnlyCollection<int> _allowedPorts = [443, 8443];
    private bool _allowHttpForTesting;

    /// <summary>Maximum URL length. Default 2,048.</summary>
    public int MaxLength
    {
        get => _maxLength;
        set
        {
            _maxLength = value;
            _allowed.Clear();
        }
    }

    /// <summary>Allowed explicit ports. Default 443 and 8443 (an absent port means 443).</summary>
    public IReadOnlyCollection<int> AllowedPorts
    {
        get => _allowedPorts;
        set
        {
            _allowedPorts = value;
            _allowed.Clear();
        }
    }

    /// <summary>
    /// UNSAFE: also allow <c>http</c> URLs. Only for lab tests against servers without TLS; never in production.
    /// </summary>
    public bool AllowHttpForTesting
    {
        get => _allowHttpForTesting;
        set
        {
            _allowHttpForTesting = value;
            _allowed.Clear();
        }
    }

    /// <summary>Checks a URL; returns false with a precise reason when it is refused. Never throws.</summary>
    public bool IsAllowed(string? url, out string? reason)
    {
        if (url is not null && _allowed.ContainsKey(url))
        {
            reason = null;
            return true;
        }

        if (!Check(url, out reason))
        {
            return false;
        }

        if (_allowed.Count < MaxRemembered)
        {
            _allowed.TryAdd(url!, true);
        }

        return true;
    }

    private bool Check(string? url, out string? reason)
    {
        if (string.IsNullOrEmpty(url))
        {
            reason = "the URL is empty";
            return false;
        }

        if (url.Length > MaxLength)
        {
            reason = $"the URL is longer than {MaxLength} characters";
            return false;
        }

        // RFC 3986 §2: no control character or space can appear in a URI; Uri would silently strip or escape some.
        for (var i = 0; i < url.Length; i++)
        {
            if (char.IsControl(url[i]) || url[i] == ' ')
            {
                reason = $"the URL holds a control character or space (U+{(int)url[i]:X4}) at position {i}";
                return false;
            }
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            reason = "the URL is not an absolute URI";
            return false;
        }

        var https = uri.Scheme == Uri.UriSchemeHttps;
        if (!https && !(AllowHttpForTesting && uri.Scheme == Uri.UriSchemeHttp))
        {
            reason = $"scheme '{uri.Scheme}' is not allowed (https only)";
            return false;
        }

        if (uri.UserInfo.Length > 0)
        {
            reason = "the URL carries userinfo";
            return false;
        }

        if (uri.Query.Length > 0 || url.Contains('?', StringComparison.Ordinal))
        {
            reason = "the URL carries a query string";
            return false;
        }

        if (uri.Fragment.Length > 0 || url.Contains('#', StringComparison.Ordinal))
        {
            reason = "the URL carries a fragment";
            return false;
        }

        if (!uri.IsDefaultPort && !AllowedPorts.Contains(uri.Port))
        {
            reason = $"port {uri.Port} is not allowed ({string.Join(", ", AllowedPorts)})";
            return false;
        }

        if (uri.AbsolutePath.Contains(';', StringComparison.Ordinal))
        {
            reason = "the URL carries path parameters";
            return false;
        }

        reason = null;
        return true;
    }

    /// <summary>Appends a description of each invalid setting to <paramref name="errors"/>.</summary>
    internal void CollectErrors(List<string> errors, string prefix)
    {
        if (AllowedPorts is null || AllowedPorts.Count == 0 || AllowedPorts.Any(p => p is < 1 or > 65535))
        {
            errors.Add($"{prefix}AllowedPorts must list ports between 1 and 65535.");
        }

        if (MaxLength < 1)
        {
            errors.Add($"{prefix}MaxLength must be at least 1.");
        }
    }
}
