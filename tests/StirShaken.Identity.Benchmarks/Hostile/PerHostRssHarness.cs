using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using StirShaken.Identity.Certificates;
using StirShaken.Identity.Certificates.Caching;
using StirShaken.Identity.Certificates.Fetching;

namespace StirShaken.Identity.Benchmarks.Hostile;

/// <summary>
/// Issue 8 §5 measurement: the process RSS while the library fetches x5u URLs on N distinct failing hosts
/// (a bounded loop, 64 at a time, through the x5u cache and the hardened fetcher). A local DNS responder answers
/// every name at once: <c>nxdomain</c> (the name does not exist) or <c>refused</c> (A 127.0.0.1, allowed, where
/// nothing listens on the port: connection refused, so the HTTP handler's per-host state is exercised).
/// Prints RSS and managed heap every tenth of the run and at the end.
/// </summary>
internal static class PerHostRssHarness
{
    public static async Task<int> RunAsync(string[] args)
    {
        var hosts = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200_000;
        var mode = args.Length > 1 ? args[1] : "refused";
        using var dns = new AnsweringDnsServer(nxdomain: mode == "nxdomain");
        var closedPort = FreePort();
        var options = new CertificateFetcherOptions
        {
            DnsServers = [dns.Endpoint],
            AllowedPrivateNetworks = ["127.0.0.1/32"],
            UrlPolicy = new X5uUrlPolicy { AllowedPorts = [443, 8443, closedPort] },
        };
        using var https = new HttpsCertificateSource(options);
        using var cache = new CachingCertificateSource(https);
        Console.WriteLine($"mode {mode}, {hosts} distinct hosts, port {closedPort}; start: {Report()}");
        var failures = new Dictionary<CertificateFetchFailure, int>();
        var step = Math.Max(1, hosts / 10);
        var clock = Stopwatch.StartNew();
        var peak = 0L;
        using var gate = new SemaphoreSlim(64);
        var pending = new List<Task>();
        for (var i = 0; i < hosts; i++)
        {
            await gate.WaitAsync();
            var url = $"https://h{i}.rss.invalid-tld-test:{closedPort}/sp.pem";
            pending.Add(Task.Run(async () =>
            {
                try
                {
                    var result = await cache.GetCertificateChainAsync(url);
                    lock (failures)
                    {
                        failures[result.Failure] = failures.GetValueOrDefault(result.Failure) + 1;
                    }
                }
                finally
                {
                    gate.Release();
                }
            }));
            if (pending.Count >= 1024)
            {
                await Task.WhenAll(pending);
                pending.Clear();
            }

            if ((i + 1) % step == 0)
            {
                peak = Math.Max(peak, Environment.WorkingSet);
                Console.WriteLine($"{i + 1,8} hosts, {clock.Elapsed.TotalSeconds,6:0.0} s: {Report()}");
            }
        }

        await Task.WhenAll(pending);
        peak = Math.Max(peak, Environment.WorkingSet);
        Console.WriteLine($"outcomes: {string.Join(", ", failures.Select(f => $"{f.Key}×{f.Value}"))}; cache entries {cache.Count}");
        Console.WriteLine($"end: {Report()}; peak RSS {peak / (1024 * 1024)} MB");
        await Task.Delay(TimeSpan.FromSeconds(15));
        GC.Collect();
        Console.WriteLine($"15 s later (pooled-connection idle timeout passed): {Report()}");
        return 0;
    }

    private static string Report()
    {
        using var process = Process.GetCurrentProcess();
        return $"RSS {process.WorkingSet64 / (1024 * 1024)} MB, managed heap {GC.GetTotalMemory(false) / (1024 * 1024)} MB";
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A UDP DNS responder on 127.0.0.1: NXDOMAIN for everything, or A 127.0.0.1 (AAAA: no data).</summary>
    private sealed class AnsweringDnsServer : IDisposable
    {
        private readonly UdpClient _udp = new(new IPEndPoint(IPAddress.Loopback, 0));
        private readonly CancellationTokenSource _stop = new();
        private readonly bool _nxdomain;

        public AnsweringDnsServer(bool nxdomain)
        {
            _nxdomain = nxdomain;
            _ = ServeAsync();
        }

        public string Endpoint => $"127.0.0.1:{((IPEndPoint)_udp.Client.LocalEndPoint!).Port}";

        public void Dispose()
        {
            _stop.Cancel();
            _udp.Dispose();
        }

        private async Task ServeAsync()
        {
            try
            {
                while (true)
                {
                    var query = await _udp.ReceiveAsync(_stop.Token);
                    var answer = Answer(query.Buffer);
                    await _udp.SendAsync(answer, query.RemoteEndPoint, _stop.Token);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
            }
        }

        private byte[] Answer(byte[] query)
        {
            // Header: keep the id, QR=1 RD copied RA=1; question copied as is (RFC 1035 §4.1).
            var end = 12;
            while (query[end] != 0)
            {
                end += query[end] + 1;
            }

            end += 5; // zero label, QTYPE, QCLASS
            var type = (query[end - 4] << 8) | query[end - 3];
            var a = !_nxdomain && type == 1;
            var response = new List<byte>(query.AsSpan(0, end).ToArray());
            response[2] = (byte)(0x80 | (query[2] & 0x01));
            response[3] = (byte)(0x80 | (_nxdomain ? 3 : 0));
            response[6] = 0;
            response[7] = (byte)(a ? 1 : 0);
            response[8] = response[9] = response[10] = response[11] = 0;
            if (a)
            {
                response.AddRange([0xC0, 0x0C, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 127, 0, 0, 1]);
            }

            return [.. response];
        }
    }
}
