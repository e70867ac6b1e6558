using StirShaken.Identity.Certificates;
using StirShaken.Identity.Certificates.Caching;
using StirShaken.Identity.Certificates.Fetching;
using StirShaken.Identity.Tests.Support;
using StirShaken.Identity.Verification;

namespace StirShaken.Identity.Tests.Certificates.Fetching;

/// <summary>
/// Issue 8 §3: x5u hosts whose DNS never answers. A local UDP socket that reads and drops is the only DNS
/// server; 1 000 distinct hosts are verified at once beside verifications whose chain is cached. Outcomes and
/// counts only: each call carries a watchdog token at the documented bound (2 s) plus generous slack, and a
/// call the watchdog had to stop counts as an overrun. The p50/p99 figures come from the benchmark harness
/// (<c>dotnet run -c Release --project tests/StirShaken.Identity.Benchmarks -- dns-storm</c>), not from here.
/// </summary>
[NonParallelizable]
public class DnsStormTests
{
    private const int StormHosts = 1000;
    private const int CachedCalls = 200;
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(6);

    [Test]
    public async Task Never_answering_dns_storm_is_436_within_the_bound_and_cached_verifications_are_unaffected()
    {
        using var call = new TestCall();
        using var dns = new SilentDnsServer();
        await using var server = await TestHttpsServer.StartAsync();
        server.MapText("/cached.pem", call.Pki.ChainPem);

        var options = server.FetcherOptions(TimeSpan.FromSeconds(2));
        options.DnsServers = [dns.Endpoint];
        var policy = options.UrlPolicy;
        using var https = new HttpsCertificateSource(options);
        using var cache = new CachingCertificateSource(https, timeProvider: call.Clock);
        var verifier = new StirShakenVerifier(cache, new CertificateValidator(call.Pki.TrustAnchors), null,
            new StirShakenVerifierDependencies { TimeProvider = call.Clock, UrlPolicy = policy });

        var cachedX5u = server.Url("/cached.pem");
        var cachedInvite = Invite(call, cachedX5u);
        var warm = await verifier.VerifyAsync(cachedInvite);
        Assert.That(warm.IsSuccess, Is.True, warm.ToString());

        var threadsBefore = ThreadPool.ThreadCount;
        var stormInvites = Enumerable.Range(0, StormHosts).Select(i => Invite(call, $"https://h{i}.storm.invalid-tld-test/sp.pem")).ToArray();
        var storm = stormInvites.Select(invite => Task.Run(() => VerifyWithWatchdogAsync(verifier, invite, options.Timeout + Slack))).ToArray();
        var cached = Enumerable.Range(0, CachedCalls).Select(_ => Task.Run(async () =>
        {
            await Task.Yield();
            return await VerifyWithWatchdogAsync(verifier, cachedInvite, Slack);
        })).ToArray();
        var maxThreads = 0;
        while (!Task.WhenAll(storm).IsCompleted)
        {
            maxThreads = Math.Max(maxThreads, ThreadPool.ThreadCount);
            await Task.Delay(50);
        }

        var stormResults = await Task.WhenAll(storm);
        var cachedResults = await Task.WhenAll(cached);
        // Each storm call ends in DNS (no answer, remembered host, waiting for a lookup slot) or waiting for a fetch slot.
        var causes = stormResults.Select(r => Cause(r.Result?.Failure?.Detail)).GroupBy(c => c).ToDictionary(g => g.Key, g => g.Count());
        TestContext.Out.WriteLine(string.Join(", ", causes.Select(c => $"{c.Key}: {c.Value}")));
        Assert.Multiple(() =>
        {
            Assert.That(stormResults.Count(r => r.Overran), Is.Zero, "storm calls the watchdog had to stop (bound + slack)");
            Assert.That(stormResults.Count(r => r.Result?.Failure?.StatusCode == 436), Is.EqualTo(StormHosts), "every storm call is 436");
            Assert.That(causes.GetValueOrDefault("other"), Is.Zero, "every 436 names DNS or the fetch bulkhead as the cause");
            Assert.That(cachedResults.Count(r => r.Overran), Is.Zero, "cached verifications the watchdog had to stop");
            Assert.That(cachedResults.Count(r => r.Result?.IsSuccess == true), Is.EqualTo(CachedCalls), "cached verifications beside the storm all verify");
            Assert.That(dns.Queries, Is.GreaterThan(0).And.AtMost(2 * 2 * StormHosts), "names went to the silent DNS server (A + AAAA, two tries)");
            Assert.That(server.Hits("/cached.pem"), Is.EqualTo(1), "the cached chain was fetched once");
            Assert.That(maxThreads, Is.LessThanOrEqualTo(threadsBefore + (4 * Environment.ProcessorCount) + 8), "no thread-pool growth from blocked DNS");
        });

        // The hosts are remembered: a second pass answers from the per-host negative cache without new queries.
        var queries = dns.Queries;
        var again = await Task.WhenAll(stormInvites.Take(50).Select(invite => VerifyWithWatchdogAsync(verifier, invite, options.Timeout + Slack)));
        Assert.Multiple(() =>
        {
            Assert.That(again.Count(r => r.Result?.Failure?.StatusCode == 436), Is.EqualTo(50));
            Assert.That(dns.Queries - queries, Is.LessThanOrEqualTo(2 * 2 * 50));
        });
    }

    [Test]
    public async Task Dns_lookups_are_bounded_and_a_host_that_failed_is_not_asked_again()
    {
        using var dns = new SilentDnsServer();
        var options = new CertificateFetcherOptions
        {
            DnsServers = [dns.Endpoint],
            DnsTimeout = TimeSpan.FromMilliseconds(400),
            MaxConcurrentDnsQueries = 4,
            Timeout = TimeSpan.FromSeconds(2),
        };
        using var source = new HttpsCertificateSource(options);
        var resolver = source.Fetcher is HardenedHttpFetcher fetcher ? fetcher.Resolver : throw new AssertionException("not the hardened fetcher");
        var maxInFlight = 0;
        var calls = Enumerable.Range(0, 16).Select(i => source.GetCertificateChainAsync($"https://b{i}.bounded.invalid-tld-test/x.pem").AsTask()).ToArray();
        while (!Task.WhenAll(calls).IsCompleted)
        {
            maxInFlight = Math.Max(maxInFlight, resolver.InFlight);
            await Task.Delay(10);
        }

        var results = await Task.WhenAll(calls);
        var queries = dns.Queries;
        var second = await source.GetCertificateChainAsync("https://b0.bounded.invalid-tld-test/x.pem");
        Assert.Multiple(() =>
        {
            Assert.That(maxInFlight, Is.LessThanOrEqualTo(4));
            Assert.That(results.Select(r => r.Failure).Distinct(), Is.SubsetOf(new[] { CertificateFetchFailure.DnsFailure, CertificateFetchFailure.Timeout }));
            Assert.That(results.Count(r => r.Failure == CertificateFetchFailure.DnsFailure), Is.GreaterThanOrEqualTo(4), "the lookups that ran end at the DNS timeout");
            Assert.That(second.Failure, Is.EqualTo(CertificateFetchFailure.DnsFailure));
            Assert.That(second.Detail, Does.Contain("remembered"));
            Assert.That(dns.Queries, Is.EqualTo(queries), "no new query for a remembered host");
            Assert.That(resolver.NegativeCount, Is.GreaterThanOrEqualTo(4).And.AtMost(options.MaxNegativeHosts));
        });
    }

    [Test]
    public async Task Negative_host_cache_is_bounded()
    {
        using var dns = new SilentDnsServer();
        var options = new CertificateFetcherOptions { DnsServers = [dns.Endpoint], DnsTimeout = TimeSpan.FromMilliseconds(20), MaxNegativeHosts = 8, MaxConcurrentDnsQueries = 64 };
        var resolver = new HostResolver(options);
        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => resolver.ResolveAsync($"n{i}.invalid-tld-test", CancellationToken.None).AsTask()));
        Assert.That(resolver.NegativeCount, Is.EqualTo(8));
    }

    [TestCase("127.0.0.1")]
    [TestCase("[::1]")]
    [TestCase("localhost")]
    [TestCase("a.b.LOCALHOST.")]
    public async Task Literals_and_localhost_need_no_dns(string host)
    {
        using var dns = new SilentDnsServer();
        var resolver = new HostResolver(new CertificateFetcherOptions { DnsServers = [dns.Endpoint] });
        var (addresses, error) = await resolver.ResolveAsync(host, CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(error, Is.Null);
            Assert.That(addresses, Is.Not.Empty);
            Assert.That(addresses!.All(System.Net.IPAddress.IsLoopback), Is.True);
            Assert.That(dns.Queries, Is.Zero);
        });
    }

    private static string Cause(string? detail) => detail switch
    {
        null => "none",
        _ when detail.Contains("remembered", StringComparison.Ordinal) => "dns-remembered",
        _ when detail.Contains("did not resolve", StringComparison.Ordinal) => "dns-no-answer",
        _ when detail.Contains("resolving the host name", StringComparison.Ordinal) => "dns-deadline",
        _ when detail.Contains("fetch slot", StringComparison.Ordinal) => "bulkhead-deadline",
        _ => "other",
    };

    private static string Invite(TestCall call, string x5u) =>
        call.InviteWithRawPassport(TestCall.ShakenHeader(x5u), TestCall.ShakenPayload(), parameters: $";info=<{x5u}>;alg=ES256;ppt=shaken");

    private static async Task<(VerificationResult? Result, bool Overran)> VerifyWithWatchdogAsync(StirShakenVerifier verifier, string invite, TimeSpan watchdog)
    {
        using var stop = new CancellationTokenSource(watchdog);
        try
        {
            var result = await verifier.VerifyAsync(invite, stop.Token);
            return (result, stop.IsCancellationRequested);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return (null, true);
        }
    }
}
