using System.Net;
using System.Net.Sockets;

namespace StirShaken.Identity.Tests.Support;

/// <summary>
/// A DNS server that never answers: a UDP socket on 127.0.0.1 (ephemeral port) that reads every query and
/// drops it (DnsClient falls back to TCP only on a truncated answer, which never comes).
/// Point <c>CertificateFetcherOptions.DnsServers</c> at <see cref="Endpoint"/>; no network namespace needed.
/// Counts the datagrams it swallowed. Shared by the tests and the benchmarks' storm harness.
/// </summary>
internal sealed class SilentDnsServer : IDisposable
{
    private readonly UdpClient _udp;
    private readonly CancellationTokenSource _stop = new();
    private int _queries;

    public SilentDnsServer()
    {
        _udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        _ = DrainAsync();
    }

    /// <summary><c>127.0.0.1:port</c>, as <c>CertificateFetcherOptions.DnsServers</c> takes it.</summary>
    public string Endpoint => $"127.0.0.1:{((IPEndPoint)_udp.Client.LocalEndPoint!).Port}";

    /// <summary>Queries received (and dropped) so far.</summary>
    public int Queries => Volatile.Read(ref _queries);

    public void Dispose()
    {
        _stop.Cancel();
        _udp.Dispose();
        _stop.Dispose();
    }

    private async Task DrainAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                await _udp.ReceiveAsync(_stop.Token).ConfigureAwait(false);
                Interlocked.Increment(ref _queries);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Stopped.
        }
    }
}
