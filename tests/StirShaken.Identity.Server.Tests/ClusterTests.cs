using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using StirShaken.Identity.Interop.Tests.Infrastructure;
using StirShaken.Identity.Server.Tests.Infrastructure;
using StirShaken.Identity.Tests.Certificates.Caching;
using StirShaken.Identity.Tests.Support;

namespace StirShaken.Identity.Server.Tests;

/// <summary>
/// Two <c>stir-identity serve</c> instances sharing a real redis-server certificate cache behind a real HAProxy, all on
/// 127.0.0.1 (README "HTTP service", cluster recipe): the second instance serves an x5u from Redis without a download,
/// and losing one instance under load loses no request and answers no 5xx. Counts are asserted, never timings.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class ClusterTests
{
    private const int Requests = 1200;
    private const int Workers = 8;
    private const int KillAfter = 300;

    private ServiceTestPki _pki = null!;
    private TestHttpsServer _https = null!;
    private RedisServer _redis = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _pki = new ServiceTestPki();
        _https = await TestHttpsServer.StartAsync();
        _redis = await RedisServer.StartAsync();
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        _redis?.Dispose();
        if (_https is not null)
        {
            await _https.DisposeAsync();
        }

        _pki?.Dispose();
    }

    private Task<ServiceProcess> StartInstanceAsync() => ServiceProcess.StartAsync(
    [
        "--trust-anchor", _pki.Files.RootPem, "--at", ServiceTestPki.Now.ToString(CultureInfo.InvariantCulture), "--redis", _redis.Configuration,
        .. ServiceLimitsTests.LocalHttpsArguments(_pki, _https, new { RedisInstanceName = $"cluster-{Guid.NewGuid():N}:" }),
    ]);

    private string Body(string path)
    {
        var x5u = _https.Url(path);
        return ServiceProcess.VerificationBody(_pki.Identity(header: ServiceTestPki.HeaderJson(x5u), info: x5u), time: ServiceTestPki.Now);
    }

    [Test]
    public async Task The_second_instance_serves_the_x5u_from_redis_without_a_download()
    {
        _https.MapText("/shared/sp.pem", _pki.Files.Pki.ChainPem, cacheControl: "max-age=86400");
        // Both instances must share one Redis prefix: start them with the same configuration file.
        var arguments = new[]
        {
            "--trust-anchor", _pki.Files.RootPem, "--at", ServiceTestPki.Now.ToString(CultureInfo.InvariantCulture), "--redis", _redis.Configuration,
        }.Concat(ServiceLimitsTests.LocalHttpsArguments(_pki, _https, new { RedisInstanceName = "shared:" })).ToArray();
        using var first = await ServiceProcess.StartAsync(arguments);
        using var second = await ServiceProcess.StartAsync(arguments);

        var one = await first.PostJsonAsync(StirIdentityServer.VerificationPath, Body("/shared/sp.pem"));
        var hitsAfterFirst = _https.Hits("/shared/sp.pem");
        var two = await second.PostJsonAsync(StirIdentityServer.VerificationPath, Body("/shared/sp.pem"));
        var metrics = (await second.GetAsync("/metrics")).Body;
        var ready = await second.GetAsync("/ready");

        Assert.Multiple(() =>
        {
            Assert.That(one.Verstat, Is.EqualTo("TN-Validation-Passed"), one.ToString());
            Assert.That(two.Verstat, Is.EqualTo("TN-Validation-Passed"), two.ToString());
            Assert.That(hitsAfterFirst, Is.EqualTo(1), "the first instance downloaded the chain");
            Assert.That(_https.Hits("/shared/sp.pem"), Is.EqualTo(1), "the second instance did not download it again");
            Assert.That(metrics, Does.Contain("stirshaken_cache_hits_total{").And.Contain("level=\"distributed\""), metrics);
            Assert.That(ready.Status, Is.EqualTo(HttpStatusCode.OK), ready.ToString());
        });
    }

    [Test]
    public async Task Losing_one_instance_behind_haproxy_under_load_loses_nothing_and_answers_no_5xx()
    {
        _https.MapText("/load/sp.pem", _pki.Files.Pki.ChainPem, cacheControl: "max-age=86400");
        using var a = await StartInstanceAsync();
        using var b = await StartInstanceAsync();
        using var haproxy = await HaproxyProcess.StartAsync([a.Port, b.Port], _pki.Files.Directory);
        await WaitUntilBothServeAsync(haproxy);
        var body = Body("/load/sp.pem");

        // Warm both instances (the chain is fetched once and shared through Redis): the load run is about failover.
        // A cold download on a saturated machine may miss its deadline once; the negative cache lasts 1 s here.
        foreach (var instance in new[] { a, b })
        {
            Reply warm = null!;
            for (var attempt = 0; attempt < 5 && warm?.Verstat != "TN-Validation-Passed"; attempt++)
            {
                if (warm is not null)
                {
                    await TestContext.Out.WriteLineAsync($"warm-up attempt {attempt}: {warm}");
                    await Task.Delay(1500);
                }

                warm = await instance.PostJsonAsync(StirIdentityServer.VerificationPath, body);
            }

            Assert.That(warm.Verstat, Is.EqualTo("TN-Validation-Passed"), warm.ToString());
        }

        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Workers }) { Timeout = TimeSpan.FromSeconds(30) };
        var statuses = new ConcurrentDictionary<string, int>();
        var next = 0;
        var answered = 0;
        var killed = 0;
        async Task Worker()
        {
            while (Interlocked.Increment(ref next) <= Requests)
            {
                string outcome;
                try
                {
                    using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
                    using var response = await client.PostAsync(haproxy.Url(StirIdentityServer.VerificationPath), content);
                    var text = await response.Content.ReadAsStringAsync();
                    outcome = response.StatusCode == HttpStatusCode.OK && text.Contains("TN-Validation-Passed", StringComparison.Ordinal)
                        ? "200 passed"
                        : $"{(int)response.StatusCode} {Describe(text)}";
                }
                catch (HttpRequestException e)
                {
                    outcome = "lost: " + e.Message;
                }
                catch (TaskCanceledException)
                {
                    outcome = "lost: timeout";
                }

                statuses.AddOrUpdate(outcome, 1, (_, n) => n + 1);
                if (Interlocked.Increment(ref answered) == KillAfter && Interlocked.Exchange(ref killed, 1) == 0)
                {
                    // The loss of an instance: SIGKILL, no graceful shutdown, requests in flight on it die with it.
                    ProcessRunner.Run("kill", ["-KILL", a.Id.ToString(CultureInfo.InvariantCulture)]);
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, Workers).Select(_ => Task.Run(Worker)));
        var report = string.Join("\n", statuses.Select(s => $"{s.Value} × {s.Key}"));
        await TestContext.Out.WriteLineAsync(report);

        Assert.Multiple(() =>
        {
            Assert.That(killed, Is.EqualTo(1));
            Assert.That(a.HasExited, Is.True, "instance A was killed");
            Assert.That(statuses.Keys, Is.EqualTo(new[] { "200 passed" }), report + "\n" + haproxy);
            Assert.That(statuses.GetValueOrDefault("200 passed"), Is.EqualTo(Requests), report);
        });
    }

    /// <summary>The verstat and first reason of an answer that did not pass (or the start of a non-JSON body).</summary>
    private static string Describe(string text)
    {
        try
        {
            var response = System.Text.Json.JsonDocument.Parse(text).RootElement.GetProperty("verificationResponse");
            var result = response.GetProperty("verifyResults")[0].GetProperty("verifyResult");
            return $"{response.GetProperty("verstatValue").GetString()} {result.GetProperty("reasonCode").GetInt32()} {result.GetProperty("reasonDescription").GetString()}";
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or KeyNotFoundException or InvalidOperationException or IndexOutOfRangeException)
        {
            return text[..Math.Min(text.Length, 300)];
        }
    }

    /// <summary>Until HAProxy has seen both instances ready (each answered at least one request through it).</summary>
    private static async Task WaitUntilBothServeAsync(HaproxyProcess haproxy)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            var ok = 0;
            for (var i = 0; i < 4; i++)
            {
                var health = await ServiceProcess.SendAsync(new HttpRequestMessage(HttpMethod.Get, haproxy.Url("/ready")));
                ok += health.Status == HttpStatusCode.OK ? 1 : 0;
            }

            if (ok == 4)
            {
                return;
            }

            await Task.Delay(200);
        }

        Assert.Fail($"HAProxy did not see both instances ready:\n{haproxy}");
    }
}
