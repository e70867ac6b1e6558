using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using StirShaken.Identity.Interop.Tests.Infrastructure;
using StirShaken.Identity.Server.Tests.Infrastructure;

namespace StirShaken.Identity.Server.Tests;

/// <summary>
/// The README's throughput figures: <c>wrk</c> against <c>stir-identity serve</c> and against secsipidx's own HTTP service
/// (<c>secsipidx -H</c>, <c>POST /v1/check</c>) on the same machine, with the same signed Identity header, both fetching the
/// x5u from the same local HTTP server once (then caching it) and both validating the certificate against the test root.
/// A measurement, not a test: [Explicit], run with
/// <c>dotnet test tests/StirShaken.Identity.Server.Tests -c Release --filter Name~Wrk_against</c>.
/// </summary>
[TestFixture]
[Explicit("measurement for the README performance section; takes about a minute and the machine's CPUs")]
[NonParallelizable]
public sealed partial class LoadComparison
{
    private const string Duration = "15s";
    private const int Connections = 32;

    [Test]
    public async Task Wrk_against_our_service_and_secsipidx()
    {
        var wrk = ProcessRunner.FindOnPath("wrk") ?? throw new AssertionException("wrk is not installed: apt-get install -y wrk");
        using var pki = new ServiceTestPki();
        using var http = new LocalCertificateServer();
        var x5u = http.Publish("sp.pem", pki.Files.Pki.ChainPem);
        var port = new Uri(x5u).Port;
        string Config(bool resultCache) => JsonSerializer.Serialize(new
        {
            StirShaken = new
            {
                Fetcher = new { AllowedPrivateNetworks = new[] { "127.0.0.1/32" }, UrlPolicy = new { AllowedPorts = new[] { port }, AllowHttpForTesting = true } },
                Verifier = new { ResultCache = new { Enabled = resultCache } },
            },
        });

        // wrk repeats one body: with the result cache on (the default) every request after the first is a repeat
        // (README "Repeats and replays"); with it off every request is a full verification, like secsipidx's.
        using var ours = await ServiceProcess.StartAsync(["--trust-anchor", pki.Files.RootPem, "--config", pki.Files.Write("load.json", Config(resultCache: true))]);
        using var oursFull = await ServiceProcess.StartAsync(["--trust-anchor", pki.Files.RootPem, "--config", pki.Files.Write("load-full.json", Config(resultCache: false))]);
        var cache = Directory.CreateDirectory(Path.Combine(pki.Files.Directory, "secsipidx-cache")).FullName;
        using var theirs = SecsipidxServer.Start("-expire", "300", "-cert-verify", "5", "-ca-file", pki.Files.RootPem, "-cache-dir", cache, "-cache-expire", "3600");

        var identity = pki.Identity(header: ServiceTestPki.HeaderJson(x5u), payload: ServiceTestPki.PayloadJson(iat: DateTimeOffset.UtcNow.ToUnixTimeSeconds()), info: x5u, name: "sp.pem");
        Assert.That(await theirs.CheckAsync(identity), Is.True, theirs.Log);
        var body = ServiceProcess.VerificationBody(identity);
        var first = await ours.PostJsonAsync(StirIdentityServer.VerificationPath, body);
        Assert.That(first.Verstat, Is.EqualTo("TN-Validation-Passed"), first.ToString());
        var firstFull = await oursFull.PostJsonAsync(StirIdentityServer.VerificationPath, body);
        Assert.That(firstFull.Verstat, Is.EqualTo("TN-Validation-Passed"), firstFull.ToString());

        var oursFullRun = Run(wrk, pki, oursFull.Url(StirIdentityServer.VerificationPath).ToString(), body, "application/json", "\"TN-Validation-Passed\"");
        var oursRun = Run(wrk, pki, ours.Url(StirIdentityServer.VerificationPath).ToString(), body, "application/json", "\"TN-Validation-Passed\"");
        var theirsRun = Run(wrk, pki, $"http://127.0.0.1:{RegexSecsipidxPort().Match(theirs.CommandLine).Groups[1].Value}/v1/check", identity, "text/plain", "OK");
        var summary = $"wrk -t2 -c{Connections} -d{Duration} --latency, {Environment.ProcessorCount} CPUs\n" +
            $"stir-identity serve, result cache off: {oursFullRun}\nstir-identity serve (repeats cached): {oursRun}\nsecsipidx -H /v1/check: {theirsRun}\n" +
            $"ratio, full verification: {oursFullRun.RequestsPerSecond / theirsRun.RequestsPerSecond:0.0} x; with repeats cached: {oursRun.RequestsPerSecond / theirsRun.RequestsPerSecond:0.0} x";
        await TestContext.Out.WriteLineAsync(summary);
        Assert.Multiple(() =>
        {
            Assert.That(oursRun.Errors, Is.Zero, summary);
            Assert.That(oursFullRun.Errors, Is.Zero, summary);
            Assert.That(theirsRun.Errors, Is.Zero, summary);
        });
    }

    private static WrkResult Run(string wrk, ServiceTestPki pki, string url, string body, string contentType, string expected)
    {
        // The Lua script posts the body and counts answers that do not carry the expected verdict as errors.
        var script = pki.Files.Write($"wrk-{Guid.NewGuid():N}.lua", $$"""
            wrk.method = "POST"
            wrk.body = {{Lua(body)}}
            wrk.headers["Content-Type"] = "{{contentType}}"
            local bad = 0
            response = function(status, headers, body)
              if status ~= 200 or not string.find(body, {{Lua(expected)}}, 1, true) then bad = bad + 1 end
            end
            done = function(summary, latency, requests)
              io.write(string.format("bad=%d\n", bad))
            end
            """);
        var result = ProcessRunner.Run(wrk, ["-t2", $"-c{Connections}", $"-d{Duration}", "--latency", "-s", script, url], timeout: TimeSpan.FromMinutes(2));
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        var text = result.StdOut;
        double Number(Regex regex) => double.Parse(regex.Match(text).Groups[1].Value, CultureInfo.InvariantCulture);
        var errors = RegexNon2xx().Match(text) is { Success: true } non2xx ? int.Parse(non2xx.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        return new WrkResult(Number(RegexRps()), Latency(RegexP50().Match(text)), Latency(RegexP99().Match(text)),
            errors + int.Parse(RegexBad().Match(text).Groups[1].Value, CultureInfo.InvariantCulture), text);
    }

    private static double Latency(Match match)
    {
        var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch { "us" => value / 1000, "s" => value * 1000, _ => value };
    }

    private static string Lua(string text) => "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    [GeneratedRegex(@"Requests/sec:\s+([0-9.]+)")]
    private static partial Regex RegexRps();

    [GeneratedRegex(@"50%\s+([0-9.]+)(us|ms|s)")]
    private static partial Regex RegexP50();

    [GeneratedRegex(@"99%\s+([0-9.]+)(us|ms|s)")]
    private static partial Regex RegexP99();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")]
    private static partial Regex RegexNon2xx();

    [GeneratedRegex(@"-H 127\.0\.0\.1:(\d+)")]
    private static partial Regex RegexSecsipidxPort();

    [GeneratedRegex(@"bad=(\d+)")]
    private static partial Regex RegexBad();

    private sealed record WrkResult(double RequestsPerSecond, double P50Ms, double P99Ms, int Errors, string Output)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{RequestsPerSecond:0} req/s, p50 {P50Ms:0.00} ms, p99 {P99Ms:0.00} ms, errors {Errors}");
    }
}
