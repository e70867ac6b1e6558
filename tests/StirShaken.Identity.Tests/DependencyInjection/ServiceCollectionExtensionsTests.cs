using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using StirShaken.Identity.Certificates;
using StirShaken.Identity.Certificates.Caching;
using StirShaken.Identity.Certificates.Revocation;
using StirShaken.Identity.DependencyInjection;
using StirShaken.Identity.Diagnostics;
using StirShaken.Identity.Passport;
using StirShaken.Identity.Signing;
using StirShaken.Identity.Sip;
using StirShaken.Identity.Testing;
using StirShaken.Identity.Tests.Support;
using StirShaken.Identity.Verification;

namespace StirShaken.Identity.Tests.DependencyInjection;

[NonParallelizable]
public class ServiceCollectionExtensionsTests
{
    private TestHttpsServer _server = null!;
    private TestPki _pki = null!;
    private string _folder = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _server = await TestHttpsServer.StartAsync();
        _pki = TestPki.Create();
        _folder = Path.Combine(Path.GetTempPath(), "stirshaken-di-" + Guid.NewGuid().ToString("N"));
        _pki.WriteTo(_folder);
        _server.MapText("/di/sp.pem", _pki.ChainPem);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _server.DisposeAsync();
        _pki.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private ServiceProvider Build(Action<StirShakenVerificationOptions> configure, FakeTimeProvider? clock = null)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Debug));
        services.AddMetrics();
        if (clock is not null)
        {
            services.AddSingleton<TimeProvider>(clock);
        }

        services.AddStirShakenVerification(configure);
        services.AddStirShakenSigning(o =>
        {
            o.PrivateKeyPemPath = Path.Combine(_folder, "sp-key.pem");
            o.X5u = "https://cert.example.org/sp.pem";
        });
        return services.BuildServiceProvider();
    }

    [Test]
    public async Task Registered_verifier_fetches_over_https_and_records_metrics_and_traces()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var provider = Build(o =>
        {
            o.TrustAnchorPaths = [Path.Combine(_folder, "root.pem")];
            o.Fetcher = _server.FetcherOptions();
        }, clock);
        provider.GetRequiredService<IStartupValidator>().Validate();

        var measurements = new List<(string Name, long Value, string Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == StirShakenDiagnostics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            lock (measurements)
            {
                measurements.Add((instrument.Name, value, string.Join(",", tags.ToArray().Select(t => $"{t.Key}={t.Value}"))));
            }
        });
        listener.Start();

        var activities = new List<Activity>();
        using var activityListener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == StirShakenDiagnostics.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => { lock (activities) { activities.Add(activity); } },
        };
        ActivitySource.AddActivityListener(activityListener);

        var verifier = provider.GetRequiredService<StirShakenVerifier>();
        using var signer = new PassportSigner(_pki.LeafKey, _server.Url("/di/sp.pem"), clock);
        var invite = signer.Sign(SipMessage.Parse(TestCall.Invite(date: SipDate.Format(clock.GetUtcNow()))), Attestation.A).ToString();
        var first = await verifier.VerifyAsync(invite);
        var second = await verifier.VerifyAsync(invite);

        Assert.Multiple(() =>
        {
            Assert.That(first.IsSuccess, Is.True, first.Failure?.Diagnostic);
            Assert.That(second.IsSuccess, Is.True);
            Assert.That(provider.GetRequiredService<ICertificateSource>(), Is.InstanceOf<CachingCertificateSource>());
            Assert.That(provider.GetRequiredService<CrlChecker>().Options.Mode, Is.EqualTo(RevocationMode.SoftFail), "documented default");
            Assert.That(provider.GetRequiredService<PassportSigner>().X5u, Is.EqualTo("https://cert.example.org/sp.pem"));
            Assert.That(measurements.Count(m => m.Name == "stirshaken.verifications" && m.Tags.Contains("outcome=passed")), Is.EqualTo(2));
            Assert.That(measurements.Count(m => m.Name == "stirshaken.cache.misses" && m.Tags.Contains("cache=x5u")), Is.EqualTo(1));
            // README "Repeats and replays": the repeated INVITE is answered from the result cache, without reaching the x5u cache.
            Assert.That(measurements.Count(m => m.Name == "stirshaken.cache.misses" && m.Tags.Contains("cache=result")), Is.EqualTo(1));
            Assert.That(measurements.Count(m => m.Name == "stirshaken.cache.hits" && m.Tags.Contains("cache=result,level=memory")), Is.EqualTo(1));
            Assert.That(activities.Select(a => a.OperationName), Does.Contain("stirshaken.verify").And.Contain("stirshaken.fetch"));
        });
    }

    [Test]
    public async Task One_url_policy_set_once_is_honoured_by_the_verifier_and_the_fetcher()
    {
        // Plain http is refused by the default policy: passing here proves both the verifier's x5u check and
        // the fetcher's own check read AllowHttpForTesting from the one configured policy.
        await using var http = await TestHttpsServer.StartAsync(useTls: false);
        var url = http.Url("/policy/sp.pem");
        var longer = http.Url("/policy/sp2.pem");
        http.MapText("/policy/sp.pem", _pki.ChainPem);
        http.MapText("/policy/sp2.pem", _pki.ChainPem);
        var policy = new X5uUrlPolicy { AllowHttpForTesting = true, AllowedPorts = [http.Port], MaxLength = url.Length };
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var provider = Build(o =>
        {
            o.TrustAnchorPaths = [Path.Combine(_folder, "root.pem")];
            o.Fetcher = http.FetcherOptions();
            o.Fetcher.UrlPolicy = policy;
        }, clock);
        provider.GetRequiredService<IStartupValidator>().Validate();
        var verifier = provider.GetRequiredService<StirShakenVerifier>();
        var fetcher = provider.GetRequiredService<Identity.Certificates.Fetching.HttpsCertificateSource>();

        string Invite(string x5u)
        {
            using var signer = new PassportSigner(_pki.LeafKey, x5u, clock);
            return signer.Sign(SipMessage.Parse(TestCall.Invite(date: SipDate.Format(clock.GetUtcNow()))), Attestation.A).ToString();
        }

        var allowed = await verifier.VerifyAsync(Invite(url));
        var tooLong = await verifier.VerifyAsync(Invite(longer));
        var fetchedTooLong = await fetcher.GetCertificateChainAsync(longer);
        Assert.Multiple(() =>
        {
            Assert.That(fetcher.Options.UrlPolicy, Is.SameAs(policy));
            Assert.That(allowed.IsSuccess, Is.True, allowed.Failure?.Diagnostic);
            Assert.That(http.Hits("/policy/sp.pem"), Is.EqualTo(1), "fetched over http");
            Assert.That(tooLong.IsSuccess, Is.False);
            Assert.That(tooLong.Failure?.Diagnostic, Does.Contain($"longer than {url.Length}"));
            Assert.That(fetchedTooLong.Failure, Is.EqualTo(CertificateFetchFailure.PolicyRefused));
            Assert.That(fetchedTooLong.Detail, Does.Contain($"longer than {url.Length}"));
            Assert.That(http.Hits("/policy/sp2.pem"), Is.Zero);
        });
    }

    [Test]
    public void Url_policy_binds_from_configuration()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Fetcher:UrlPolicy:AllowedPorts:0"] = "9443",
                ["Fetcher:UrlPolicy:MaxLength"] = "100",
                ["Fetcher:UrlPolicy:AllowHttpForTesting"] = "true",
            })
            .Build();
        var options = new StirShakenVerificationOptions();
        configuration.Bind(options);
        Assert.Multiple(() =>
        {
            Assert.That(options.Fetcher.UrlPolicy.AllowedPorts, Does.Contain(9443));
            Assert.That(options.Fetcher.UrlPolicy.MaxLength, Is.EqualTo(100));
            Assert.That(options.Fetcher.UrlPolicy.AllowHttpForTesting, Is.True);
            Assert.That(X5uUrlPolicy.Default.MaxLength, Is.EqualTo(2_048), "binding never changes the shared default");
        });
    }

    [Test]
    public void Invalid_url_policy_fails_at_start()
    {
        using var provider = Build(o =>
        {
            o.TrustAnchorPaths = [Path.Combine(_folder, "root.pem")];
            o.Fetcher.UrlPolicy = new X5uUrlPolicy { AllowedPorts = [0], MaxLength = 0 };
        });
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.That(error!.Failures, Has.Some.Contains("Fetcher.UrlPolicy.AllowedPorts").And.Some.Contains("Fetcher.UrlPolicy.MaxLength"));
    }

    [Test]
    public void Invalid_options_fail_at_start()
    {
        using var provider = Build(o =>
        {
            o.TrustAnchorPaths = ["/nonexistent/anchors"];
            o.Fetcher.Timeout = TimeSpan.Zero;
            o.Fetcher.AllowedPrivateNetworks = ["nonsense"];
        });
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.That(error!.Failures, Has.Some.Contains("/nonexistent/anchors").And.Some.Contains("Timeout").And.Some.Contains("nonsense"));
    }

    [Test]
    public void Missing_anchors_and_signing_key_fail_at_start()
    {
        var services = new ServiceCollection();
        services.AddStirShakenVerification(_ => { });
        services.AddStirShakenSigning(o => o.X5u = "http://insecure.example/sp.pem");
        using var provider = services.BuildServiceProvider();
        // Two invalid option types: ValidateOnStart reports both (an AggregateException).
        var error = Assert.Catch<Exception>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.That(error!.ToString(), Does.Contain("TrustAnchorPaths").And.Contains("PrivateKeyPemPath").And.Contains("https only"));
    }
}
