using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using DnsClient;
using DnsClient.Protocol;

namespace StirShaken.Identity.Certificates.Fetching;

/// <summary>
/// Name resolution for the fetcher, bounded in time and in concurrency (README "Hostile input"): an
/// asynchronous DNS client (DnsClient, UDP with TCP fallback) that never blocks a pool thread, at most
/// <see cref="CertificateFetcherOptions.MaxConcurrentDnsQueries"/> lookups in flight (callers beyond that wait
/// within their own fetch timeout), each lookup abandoned at <see cref="CertificateFetcherOptions.DnsTimeout"/>,
/// and a per-host negative cache (<see cref="CertificateFetcherOptions.MaxNegativeHosts"/> entries for
/// <see cref="CertificateFetcherOptions.DnsNegativeLifetime"/>) so a host that failed is not asked again.
/// IP literals need no DNS; <c>localhost</c> and <c>*.localhost</c> are the loopback addresses (RFC 6761 §6.3)
/// and then meet the SSRF filter like any other address. The hosts file and search domains are not used:
/// an x5u names a public repository by its fully qualified name (ATIS-1000074 §5.3.1). Thread-safe.
/// One resolver per <see cref="CertificateFetcherOptions"/> instance (<see cref="For"/>), shared by the
/// handler and the fetcher built from it, so the negative cache and the bound are shared too.
/// </summary>
internal sealed class HostResolver
{
    private static readonly ConditionalWeakTable<CertificateFetcherOptions, HostResolver> PerOptions = new();
    private static readonly IPAddress[] Loopback = [IPAddress.Loopback, IPAddress.IPv6Loopback];

    private readonly CertificateFetcherOptions _options;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _lookups;
    private readonly LruCache<string> _negative;
    private readonly Lazy<LookupClient?> _client;
    private string? _clientError;

    internal HostResolver(CertificateFetcherOptions options, TimeProvider? time = null)
    {
        _options = options;
        _time = time ?? TimeProvider.System;
        _lookups = new SemaphoreSlim(options.MaxConcurrentDnsQueries, options.MaxConcurrentDnsQueries);
        _negative = new LruCache<string>(options.MaxNegativeHosts);
        _client = new Lazy<LookupClient?>(CreateClient, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The resolver of <paramref name="options"/> (created on first use).</summary>
    public static HostResolver For(CertificateFetcherOptions options) => PerOptions.GetValue(options, o => new HostResolver(o));

    /// <summary>Hosts remembered as failing (for tests and the per-host state figure).</summary>
    public int NegativeCount => _negative.Count;

    /// <summary>Lookups in flight now.</summary>
    public int InFlight => _options.MaxConcurrentDnsQueries - _lookups.CurrentCount;

    /// <summary>
    /// The addresses of <paramref name="host"/> (IPv4 first), or the failure: <see cref="CertificateFetchFailure.DnsFailure"/>
    /// for no answer, NXDOMAIN, no A/AAAA record or a busy resolver at the deadline. Cancellation of
    /// <paramref name="cancellationToken"/> (the fetch timeout) propagates as <see cref="OperationCanceledException"/>.
    /// </summary>
    public async ValueTask<(IPAddress[]? Addresses, string? Error)> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        var name = host.Trim('[', ']');
        if (IPAddress.TryParse(name, out var literal))
        {
            return ([literal], null);
        }

        name = name.TrimEnd('.').ToLowerInvariant();
        if (name == "localhost" || name.EndsWith(".localhost", StringComparison.Ordinal))
        {
            return (Loopback, null);
        }

        if (_negative.TryGet(name, _time.GetUtcNow(), out var cached))
        {
            return (null, cached);
        }

        await _lookups.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Checked again: a concurrent lookup of the same host may have failed while this one waited.
            if (_negative.TryGet(name, _time.GetUtcNow(), out cached))
            {
                return (null, cached);
            }

            var (addresses, error) = await LookupAsync(name, cancellationToken).ConfigureAwait(false);
            if (addresses is null)
            {
                Remember(name, error!);
            }

            return (addresses, error);
        }
        finally
        {
            _lookups.Release();
        }
    }

    /// <summary>Records that <paramref name="host"/> failed (also used when the fetch deadline ends a lookup).</summary>
    public void Remember(string host, string error)
    {
        if (_options.DnsNegativeLifetime > TimeSpan.Zero)
        {
            var name = host.Trim('[', ']').TrimEnd('.').ToLowerInvariant();
            _negative.Set(name, $"{error} (remembered for {_options.DnsNegativeLifetime.TotalSeconds:0} s)", _time.GetUtcNow() + _options.DnsNegativeLifetime);
        }
    }

    private async Task<(IPAddress[]? Addresses, string? Error)> LookupAsync(string name, CancellationToken cancellationToken)
    {
        if (_client.Value is not { } client)
        {
            return (null, _clientError);
        }

        // A and AAAA in parallel; the DNS client's own timeout ends an unanswered query, the caller's token ends the wait.
        var a = client.QueryAsync(name, QueryType.A, QueryClass.IN, cancellationToken);
        var aaaa = client.QueryAsync(name, QueryType.AAAA, QueryClass.IN, cancellationToken);
        var addresses = new List<IPAddress>();
        string? error = null;
        foreach (var query in new[] { a, aaaa })
        {
            try
            {
                var response = await query.ConfigureAwait(false);
                if (response.HasError)
                {
                    error ??= $"{name}: {response.ErrorMessage}";
                    continue;
                }

                addresses.AddRange(response.Answers.OfType<ARecord>().Select(r => r.Address));
                addresses.AddRange(response.Answers.OfType<AaaaRecord>().Select(r => r.Address));
            }
            catch (Exception e) when (cancellationToken.IsCancellationRequested && e is OperationCanceledException or DnsResponseException)
            {
                // The caller's deadline, not a DNS verdict (DnsClient reports a cancelled query as a timeout):
                // not remembered, reported by the fetcher as its timeout.
                throw new OperationCanceledException("the fetch deadline ended the DNS lookup", e, cancellationToken);
            }
            catch (DnsResponseException e)
            {
                error ??= e.Code == DnsResponseCode.ConnectionTimeout
                    ? $"{name}: no DNS answer within {_options.DnsTimeout.TotalMilliseconds:0} ms"
                    : $"{name}: {e.DnsError}";
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException or InvalidOperationException or ArgumentException)
            {
                error ??= $"{name}: {e.Message}";
            }
        }

        return addresses.Count > 0
            ? ([.. addresses.Where(x => x.AddressFamily == AddressFamily.InterNetwork), .. addresses.Where(x => x.AddressFamily != AddressFamily.InterNetwork)], null)
            : (null, error ?? $"{name}: no A or AAAA record");
    }

    private LookupClient? CreateClient()
    {
        var servers = _options.DnsServers is { Count: > 0 } configured
            ? configured.Select(ParseServer).ToArray()
            : [.. NameServer.ResolveNameServers(skipIPv6SiteLocal: true, fallbackToGooglePublicDns: false)];
        if (servers.Length == 0)
        {
            _clientError = "no DNS server is configured on this host (set CertificateFetcherOptions.DnsServers)";
            return null;
        }

        return new LookupClient(new LookupClientOptions(servers)
        {
            // Two tries of half the budget each: one lost UDP datagram is not a failure.
            Timeout = _options.DnsTimeout / 2,
            Retries = 1,
            UseCache = false,
            ThrowDnsErrors = false,
            UseTcpFallback = true,
            ContinueOnDnsError = true,
            ContinueOnEmptyResponse = false,
            Recursion = true,
        });
    }

    /// <summary>Parses <c>203.0.113.53</c>, <c>203.0.113.53:5353</c> or <c>[2001:db8::53]:53</c>.</summary>
    internal static NameServer ParseServer(string value)
    {
        var text = value.Trim();
        if (IPEndPoint.TryParse(text, out var endpoint))
        {
            return new NameServer(endpoint.Port == 0 ? new IPEndPoint(endpoint.Address, 53) : endpoint);
        }

        throw new FormatException($"'{value}' is not a DNS server address (IP or IP:port).");
    }
}
