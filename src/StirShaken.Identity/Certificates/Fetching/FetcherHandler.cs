using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace StirShaken.Identity.Certificates.Fetching;

/// <summary>Builds the <see cref="SocketsHttpHandler"/> that enforces the network part of the fetch policy.</summary>
internal static class FetcherHandler
{
    public static SocketsHttpHandler Create(CertificateFetcherOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var filter = AddressFilter.FromCidrs(options.AllowedPrivateNetworks);
        var resolver = HostResolver.For(options);
        var handler = new SocketsHttpHandler
        {
            // Redirects are a failure (no bounded redirect policy): a repository must serve the chain at x5u itself.
            AllowAutoRedirect = false,
            // A proxy would make the proxy the connected address and defeat the SSRF check.
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = options.ConnectTimeout,
            MaxResponseHeadersLength = 16,
            MaxConnectionsPerServer = 4,
            // Per-host state is bounded (README "Hostile input"): a host's pool and connections go soon after use;
            // an x5u is fetched about once a day per URL, so reuse buys little.
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(10),
            ConnectCallback = (context, cancellationToken) => ConnectAsync(filter, resolver, context, cancellationToken),
        };

        if (options.TlsRootsForTesting is { Count: > 0 } roots)
        {
            // Test servers only: trust exactly these roots for TLS. Host name checks still apply.
            var policy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                RevocationMode = X509RevocationMode.NoCheck,
            };
            policy.CustomTrustStore.AddRange(roots.ToArray());
            handler.SslOptions = new SslClientAuthenticationOptions { CertificateChainPolicy = policy };
        }

        return handler;
    }

    /// <summary>The addresses the fetcher resolved before sending (so the handler does not resolve again).</summary>
    internal static readonly HttpRequestOptionsKey<IPAddress[]> ResolvedAddresses = new("StirShaken.Identity.ResolvedAddresses");

    private static ValueTask<Stream> ConnectAsync(AddressFilter filter, HostResolver resolver, SocketsHttpConnectionContext context, CancellationToken cancellationToken) =>
        context.InitialRequestMessage.Options.TryGetValue(ResolvedAddresses, out var resolved)
            ? ConnectAsync(filter, context.DnsEndPoint, resolved, cancellationToken)
            : ResolveAndConnectAsync(filter, resolver, context.DnsEndPoint, cancellationToken);

    private static async ValueTask<Stream> ResolveAndConnectAsync(AddressFilter filter, HostResolver resolver, DnsEndPoint endpoint, CancellationToken cancellationToken)
    {
        var (addresses, error) = await resolver.ResolveAsync(endpoint.Host, cancellationToken).ConfigureAwait(false);
        return addresses is null
            ? throw new HttpRequestException(HttpRequestError.NameResolutionError, error, new SocketException((int)SocketError.HostNotFound))
            : await ConnectAsync(filter, endpoint, addresses, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Filters every address (RFC 6890), connects, and re-checks the address actually connected.</summary>
    internal static async ValueTask<Stream> ConnectAsync(AddressFilter filter, DnsEndPoint endpoint, IPAddress[] addresses, CancellationToken cancellationToken)
    {
        string? refused = null;
        Exception? lastError = null;
        foreach (var address in addresses)
        {
            if (!filter.IsAllowed(address, out var reason))
            {
                refused ??= reason;
                continue;
            }

            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, endpoint.Port), cancellationToken).ConfigureAwait(false);
                if (socket.RemoteEndPoint is not IPEndPoint remote || !filter.IsAllowed(remote.Address, out reason))
                {
                    throw new AddressRefusedException($"{endpoint.Host}: connected address refused: {reason}");
                }

                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                lastError = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        if (lastError is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(lastError);
        }

        throw refused is not null
            ? new AddressRefusedException($"{endpoint.Host}: {refused}")
            : new SocketException((int)SocketError.HostNotFound);
    }
}
