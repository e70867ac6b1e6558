using System.Diagnostics;
using System.Globalization;
using StirShaken.Identity.Certificates.Caching;
using StirShaken.Identity.Certificates.Fetching;
using StirShaken.Identity.Testing;
using StirShaken.Identity.Tests.Support;

namespace StirShaken.Identity.Benchmarks.Harness;

/// <summary>
/// Cold x5u fetch latency per call, p50 and p99 (README "Performance"): N fetches of a test chain from a local Kestrel
/// HTTPS server on 127.0.0.1 into an empty cache, on a pooled keep-alive connection, then N with a new client each time
/// (TCP connect + TLS handshake + GET + PEM parse). CertificateFetchBenchmarks gives the means; this gives the tail.
/// Usage: dotnet run -c Release --project tests/StirShaken.Identity.Benchmarks -- cold-fetch [N=500]
/// </summary>
internal static class ColdFetchHarness
{
    public static async Task<int> RunAsync(string[] args)
    {
        var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 500;
        using var pki = TestPki.Create();
        await using var server = await TestHttpsServer.StartAsync();
        server.MapText("/sp.pem", pki.ChainPem, cacheControl: "max-age=86400");
        var url = server.Url("/sp.pem");
        var options = server.FetcherOptions();

        using var pooled = new HttpsCertificateSource(options);
        var pooledTimes = await MeasureAsync(count, async () =>
        {
            using var cache = new CachingCertificateSource(pooled);
            return (await cache.GetCertificateChainAsync(url)).IsSuccess;
        });
        var newTimes = await MeasureAsync(count, async () =>
        {
            using var fetcher = new HttpsCertificateSource(options);
            using var cache = new CachingCertificateSource(fetcher);
            return (await cache.GetCertificateChainAsync(url)).IsSuccess;
        });

        Print("cold_fetch_pooled", pooledTimes);
        Print("cold_fetch_new_connection", newTimes);
        return 0;
    }

    private static async Task<double[]> MeasureAsync(int count, Func<Task<bool>> fetch)
    {
        for (var i = 0; i < Math.Min(20, count); i++)
        {
            _ = await fetch(); // warm-up: JIT, connection pool
        }

        var times = new double[count];
        for (var i = 0; i < count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            if (!await fetch())
            {
                throw new InvalidOperationException("a cold fetch failed");
            }

            times[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }

        Array.Sort(times);
        return times;
    }

    private static void Print(string name, double[] sorted)
    {
        double At(double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}_count={sorted.Length}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}_p50_us={At(0.50):F0}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}_p99_us={At(0.99):F0}"));
    }
}
