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
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            ConnectCallback = (context, cancellationToken) => ConnectAsync(filter, context.DnsEndPoint, cancellationToken),
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

    /// <summary>Resolves, filters every address (RFC 6890), connects, and re-checks the address actually connected.</summary>
    internal static async ValueTask<Stream> ConnectAsync(AddressFilter filter, DnsEndPoint endpoint, CancellationToken cancellationToken)
    {
        var addresses = IPAddress.TryParse(endpoint.Host.Trim('[', ']'), out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(endpoint.Host, cancellationToken).ConfigureAwait(false);

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
