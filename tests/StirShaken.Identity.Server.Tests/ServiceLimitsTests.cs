using System.Diagnostics;
using System.Net;
using System.Text.Json;
using StirShaken.Identity.Server.Tests.Infrastructure;
using StirShaken.Identity.Tests.Support;

namespace StirShaken.Identity.Server.Tests;

/// <summary>
/// Limits and lifecycle of <c>stir-identity serve</c>: a hung certificate server costs one request its 436, never the
/// service; the concurrency limit answers 503 with an error body; SIGTERM finishes the requests in flight.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class ServiceLimitsTests
{
    private ServiceTestPki _pki = null!;
    private TestHttpsServer _https = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _pki = new ServiceTestPki();
        _https = await TestHttpsServer.StartAsync();
        _https.MapText("/hung.pem", _pki.Files.Pki.ChainPem, delay: TimeSpan.FromMinutes(2));
        _https.MapText("/slow.pem", _pki.Files.Pki.ChainPem, delay: TimeSpan.FromSeconds(2));
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await _https.DisposeAsync();
        _pki.Dispose();
    }

    /// <summary>A --config file letting the service fetch from the local HTTPS test server, plus <paramref name="server"/> settings.</summary>
    internal static string[] LocalHttpsArguments(ServiceTestPki pki, TestHttpsServer https, object server)
    {
        var config = JsonSerializer.Serialize(new
        {
            StirShaken = new
            {
                Fetcher = new
                {
                    AllowedPrivateNetworks = new[] { "127.0.0.1/32" },
                    UrlPolicy = new { AllowedPorts = new[] { 443, 8443, https.Port } },
                    Timeout = "00:00:10",
                    ConnectTimeout = "00:00:10",
                },
                Cache = new { NegativeLifetime = "00:00:01" },
                Server = server,
            },
        });
        return ["--config", pki.Files.Write($"config-{Guid.NewGuid():N}.json", config), "--tls-root", pki.Files.Write("tls-root.pem", https.TlsRoot.ExportCertificatePem())];
    }

    [Test]
    public async Task A_hung_certificate_server_costs_one_request_its_436_while_others_pass()
    {
        using var service = await ServiceProcess.StartAsync([.. _pki.ServeArguments, .. LocalHttpsArguments(_pki, _https, new { RequestTimeout = "00:00:04" })]);
        var hungUrl = _https.Url("/hung.pem");
        var before = _https.Hits("/hung.pem");
        var hung = service.PostJsonAsync(StirIdentityServer.VerificationPath, ServiceProcess.VerificationBody(
            _pki.Identity(header: ServiceTestPki.HeaderJson(hungUrl), info: hungUrl), time: ServiceTestPki.Now));

        var others = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => service.PostJsonAsync(StirIdentityServer.VerificationPath,
            ServiceProcess.VerificationBody(_pki.Identity(), time: ServiceTestPki.Now))));
        var answer = await hung;
        var reached = await WaitForHitAsync("/hung.pem", before);

        Assert.Multiple(() =>
        {
            Assert.That(reached, Is.True, "the service asked the hung server");
            Assert.That(others.Select(r => r.Verstat), Is.All.EqualTo("TN-Validation-Passed"));
            Assert.That(answer.Status, Is.EqualTo(HttpStatusCode.OK), answer.ToString());
            Assert.That(answer.FirstResult.GetProperty("reasonCode").GetInt32(), Is.EqualTo(436), answer.ToString());
            Assert.That(answer.FirstResult.GetProperty("reasonDescription").GetString(), Does.Contain("request timeout"));
            Assert.That(answer.Verstat, Is.EqualTo("No-TN-Validation"));
        });
    }

    /// <summary>
    /// The request that timed out does not cancel the download other requests share, nor leave a cached failure behind:
    /// the fetch completes in the background and the next request is served from the cache (one download in all).
    /// </summary>
    [Test]
    public async Task A_slow_certificate_server_times_out_one_request_and_the_next_ones_use_the_completed_download()
    {
        _https.MapText("/slow-once.pem", _pki.Files.Pki.ChainPem, delay: TimeSpan.FromSeconds(2));
        using var service = await ServiceProcess.StartAsync([.. _pki.ServeArguments, .. LocalHttpsArguments(_pki, _https, new { RequestTimeout = "00:00:01" })]);
        var url = _https.Url("/slow-once.pem");
        var body = ServiceProcess.VerificationBody(_pki.Identity(header: ServiceTestPki.HeaderJson(url), info: url), time: ServiceTestPki.Now);

        var first = await service.PostJsonAsync(StirIdentityServer.VerificationPath, body);
        Reply later;
        var clock = Stopwatch.StartNew();
        do
        {
            await Task.Delay(250);
            later = await service.PostJsonAsync(StirIdentityServer.VerificationPath, body);
        }
        while (later.Verstat != "TN-Validation-Passed" && clock.Elapsed < TimeSpan.FromSeconds(20));

        Assert.Multiple(() =>
        {
            Assert.That(first.FirstResult.GetProperty("reasonCode").GetInt32(), Is.EqualTo(436), first.ToString());
            Assert.That(later.Verstat, Is.EqualTo("TN-Validation-Passed"), later.ToString());
            Assert.That(_https.Hits("/slow-once.pem"), Is.EqualTo(1), "one download, shared");
        });
    }

    /// <summary>
    /// A client that hangs up while its certificate download runs (HttpContext.RequestAborted reaches the verifier)
    /// neither cancels that download nor leaves a cached failure: the next request passes on the same, single download.
    /// </summary>
    [Test]
    public async Task A_client_that_leaves_during_the_download_does_not_cancel_it_nor_poison_the_cache()
    {
        _https.MapText("/abandoned.pem", _pki.Files.Pki.ChainPem, delay: TimeSpan.FromSeconds(2));
        using var service = await ServiceProcess.StartAsync([.. _pki.ServeArguments, .. LocalHttpsArguments(_pki, _https, new { RequestTimeout = "00:00:10" })]);
        var url = _https.Url("/abandoned.pem");
        var body = ServiceProcess.VerificationBody(_pki.Identity(header: ServiceTestPki.HeaderJson(url), info: url), time: ServiceTestPki.Now);

        using (var leaving = new CancellationTokenSource())
        using (var client = new HttpClient())
        {
            var request = new HttpRequestMessage(HttpMethod.Post, service.Url(StirIdentityServer.VerificationPath)) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
            var abandoned = client.SendAsync(request, leaving.Token);
            Assert.That(await WaitForHitAsync("/abandoned.pem", 0), Is.True, "the download started");
            await leaving.CancelAsync();
            Assert.That(async () => await abandoned, Throws.InstanceOf<OperationCanceledException>());
        }

        var next = await service.PostJsonAsync(StirIdentityServer.VerificationPath, body);
        Assert.Multiple(() =>
        {
            Assert.That(next.Verstat, Is.EqualTo("TN-Validation-Passed"), "waits for the same download, no cached failure: " + next);
            Assert.That(_https.Hits("/abandoned.pem"), Is.EqualTo(1), "one download, not cancelled by the client that left");
        });
    }

    [Test]
    public async Task Over_the_concurrency_limit_the_service_answers_503_with_an_error_body()
    {
        using var service = await ServiceProcess.StartAsync([.. _pki.ServeArguments,
            .. LocalHttpsArguments(_pki, _https, new { RequestTimeout = "00:00:03", MaxConcurrentRequests = 1, QueueLimit = 0 })]);
        var hungUrl = _https.Url("/hung.pem");
        var hits = _https.Hits("/hung.pem");
        var hung = service.PostJsonAsync(StirIdentityServer.VerificationPath, ServiceProcess.VerificationBody(
            _pki.Identity(header: ServiceTestPki.HeaderJson(hungUrl), info: hungUrl), time: ServiceTestPki.Now));
        Assert.That(await WaitForHitAsync("/hung.pem", hits), Is.True, "the first request is in flight");

        var rejected = await service.PostJsonAsync(StirIdentityServer.VerificationPath, ServiceProcess.VerificationBody(_pki.Identity(), time: ServiceTestPki.Now));
        var health = await service.GetAsync("/health");
        await hung;

        Assert.Multiple(() =>
        {
            Assert.That(rejected.Status, Is.EqualTo(HttpStatusCode.ServiceUnavailable), rejected.ToString());
            Assert.That(rejected.Json.GetProperty("error").GetString(), Does.Contain("too many requests"));
            Assert.That(health.Status, Is.EqualTo(HttpStatusCode.OK), "health is not behind the limit");
        });
    }

    [Test]
    public async Task SIGTERM_finishes_the_requests_in_flight_then_exits_0()
    {
        var service = await ServiceProcess.StartAsync([.. _pki.ServeArguments, .. LocalHttpsArguments(_pki, _https, new { RequestTimeout = "00:00:08" })]);
        using (service)
        {
            var slowUrl = _https.Url("/slow.pem");
            var before = _https.Hits("/slow.pem");
            var inFlight = service.PostJsonAsync(StirIdentityServer.VerificationPath, ServiceProcess.VerificationBody(
                _pki.Identity(header: ServiceTestPki.HeaderJson(slowUrl), info: slowUrl), time: ServiceTestPki.Now));
            Assert.That(await WaitForHitAsync("/slow.pem", before), Is.True, "the request is in flight");

            var exited = service.Stop(TimeSpan.FromSeconds(20));
            var answer = await inFlight;

            Assert.Multiple(() =>
            {
                Assert.That(answer.Status, Is.EqualTo(HttpStatusCode.OK), answer.ToString());
                Assert.That(answer.Verstat, Is.EqualTo("TN-Validation-Passed"), "the request in flight when SIGTERM came was finished");
                Assert.That(exited, Is.True);
                Assert.That(service.ExitCode, Is.Zero, service.ToString());
            });
        }
    }

    private async Task<bool> WaitForHitAsync(string path, int before)
    {
        var clock = Stopwatch.StartNew();
        while (_https.Hits(path) == before && clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(20);
        }

        return _https.Hits(path) > before;
    }
}
