using System.Diagnostics;
using System.Globalization;
using StirShaken.Identity.Certificates;
using StirShaken.Identity.Certificates.Caching;
using StirShaken.Identity.Certificates.Fetching;
using StirShaken.Identity.Passport;
using StirShaken.Identity.Signing;
using StirShaken.Identity.Sip;
using StirShaken.Identity.Testing;
using StirShaken.Identity.Tests.Support;
using StirShaken.Identity.Verification;

namespace StirShaken.Identity.Benchmarks.Hostile;

/// <summary>
/// Issue 8 §3 measurement: N verifications whose x5u hosts never get a DNS answer (a local UDP socket that drops
/// every query is the only DNS server), all at once, beside verifications whose chain is cached. Prints p50/p99/max
/// per call for both groups, the storm's wall time and the largest thread-pool size seen.
/// </summary>
internal static class DnsStormHarness
{
    public static async Task<int> RunAsync(string[] args)
    {
        var hosts = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
        const int cachedCalls = 200;
        using var pki = TestPki.Create();
        using var dns = new SilentDnsServer();
        await using var server = await TestHttpsServer.StartAsync();
        server.MapText("/cached.pem", pki.ChainPem);
        var options = server.FetcherOptions(TimeSpan.FromSeconds(2));
        options.DnsServers = [dns.Endpoint];
        using var https = new HttpsCertificateSource(options);
        using var cache = new CachingCertificateSource(https);
        var verifier = new StirShakenVerifier(cache, new CertificateValidator(pki.TrustAnchors), null, new StirShakenVerifierDependencies { UrlPolicy = options.UrlPolicy });

        var cachedInvite = Sign(pki, server.Url("/cached.pem"));
        Console.WriteLine($"warm-up (fetch of the cached chain): {(await verifier.VerifyAsync(cachedInvite)).Status}");
        var storm = Enumerable.Range(0, hosts).Select(i => Sign(pki, $"https://h{i}.storm.invalid-tld-test/sp.pem")).ToArray();

        var threadsBefore = ThreadPool.ThreadCount;
        var wall = Stopwatch.StartNew();
        var stormCalls = storm.Select(invite => Task.Run(() => TimeAsync(verifier, invite))).ToArray();
        var cachedTasks = new List<Task<(double Ms, int Code)>>();
        var maxThreads = 0;
        while (!Task.WhenAll(stormCalls).IsCompleted)
        {
            // Cached verifications keep arriving while the storm runs.
            if (cachedTasks.Count < cachedCalls)
            {
                for (var i = 0; i < 10; i++)
                {
                    cachedTasks.Add(Task.Run(() => TimeAsync(verifier, cachedInvite)));
                }
            }

            maxThreads = Math.Max(maxThreads, ThreadPool.ThreadCount);
            await Task.Delay(20);
        }

        var stormResults = await Task.WhenAll(stormCalls);
        var stormWall = wall.Elapsed;
        var cachedResults = await Task.WhenAll(cachedTasks);
        Print($"storm ({hosts} distinct hosts, silent DNS)", stormResults);
        Print("cached verifications beside the storm", cachedResults);
        Console.WriteLine($"storm wall time: {stormWall.TotalSeconds:0.00} s; thread pool: {threadsBefore} before, {maxThreads} max during; DNS queries received: {dns.Queries}; processors: {Environment.ProcessorCount}");
        return 0;
    }

    private static async Task<(double Ms, int Code)> TimeAsync(StirShakenVerifier verifier, string invite)
    {
        var started = Stopwatch.GetTimestamp();
        var result = await verifier.VerifyAsync(invite);
        return (Stopwatch.GetElapsedTime(started).TotalMilliseconds, result.IsSuccess ? 200 : result.Failure?.StatusCode ?? 0);
    }

    private static void Print(string what, (double Ms, int Code)[] results)
    {
        var sorted = results.Select(r => r.Ms).Order().ToArray();
        double At(double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
        var codes = string.Join(", ", results.GroupBy(r => r.Code).OrderBy(g => g.Key).Select(g => $"{g.Key}×{g.Count()}"));
        Console.WriteLine($"{what}: n={sorted.Length} p50={At(0.50):0} ms p99={At(0.99):0} ms max={sorted[^1]:0} ms; codes {codes}");
    }

    private static string Sign(TestPki pki, string x5u)
    {
        // Not disposed: PassportSigner.Dispose releases a signature provider that IdentityModel caches by key material, so
        // the next signer built from the same PEM got the disposed key (ObjectDisposedException; reported in issue 8).
        var signer = PassportSigner.FromPem(pki.LeafKeyPem, x5u);
        var invite = "INVITE sip:+12125551213@example.net;user=phone SIP/2.0\r\n" +
            "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK776asdhds\r\nMax-Forwards: 70\r\n" +
            "From: <sip:+12155551212@example.com;user=phone>;tag=1928301774\r\nTo: <sip:+12125551213@example.net;user=phone>\r\n" +
            "Call-ID: a84b4c76e66710@pc33.example.com\r\nCSeq: 314159 INVITE\r\nContact: <sip:alice@192.0.2.1>\r\nContent-Length: 0\r\n\r\n";
        return signer.Sign(SipMessage.Parse(invite), Attestation.A, "123e4567-e89b-12d3-a456-426655440000").ToString();
    }
}
