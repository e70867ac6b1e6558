using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using StirShaken.Identity.DependencyInjection;
using StirShaken.Identity.Passport;
using StirShaken.Identity.Signing;
using StirShaken.Identity.Sip;
using StirShaken.Identity.Testing;
using StirShaken.Identity.Tests.Support;
using StirShaken.Identity.Verification;

namespace StirShaken.Identity.Tests.Rcd;

/// <summary>
/// <c>AddStirShakenVerification</c> wires the RCD content source from JSON configuration
/// (<c>Verifier:RichCallData:FetchContent</c>, <c>RichCallDataFetch</c>), against a real local Kestrel HTTPS server.
/// </summary>
[NonParallelizable]
public class RichCallDataDependencyInjectionTests
{
    private static readonly byte[] Icon = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 7, 7, 7];
    private static readonly byte[] Logo = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 9, 9];
    private TestHttpsServer _server = null!;
    private TestPki _pki = null!;
    private string _folder = null!;
    private byte[] _card = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _server = await TestHttpsServer.StartAsync();
        _pki = TestPki.Create();
        _folder = Path.Combine(Path.GetTempPath(), "stirshaken-rcd-di-" + Guid.NewGuid().ToString("N"));
        _pki.WriteTo(_folder);
        _card = Encoding.UTF8.GetBytes($$"""["vcard",[["version",{},"text","4.0"],["fn",{},"text","Acme Pharmacy"],["logo",{},"uri","{{_server.Url("/rcd-di/logo.png")}}"]]]""");
        _server.MapText("/rcd-di/sp.pem", _pki.ChainPem);
        _server.MapBytes("/rcd-di/icon.png", Icon, "image/png");
        _server.MapBytes("/rcd-di/logo.png", Logo, "image/png");
        _server.MapBytes("/rcd-di/card.json", _card, "application/json");
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _server.DisposeAsync();
        _pki.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private IConfiguration Configuration(bool fetch) => new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes($$"""
        {
          "StirShaken": {
            "Verification": {
              "TrustAnchorPaths": [ "{{Path.Combine(_folder, "root.pem").Replace("\\", "\\\\", StringComparison.Ordinal)}}" ],
              "Revocation": { "Mode": "Off" },
              "Fetcher": { "UrlPolicy": { "AllowedPorts": [ 443, {{_server.Port}} ] }, "AllowedPrivateNetworks": [ "127.0.0.1/32" ] },
              "Verifier": { "RichCallData": { "FetchContent": {{(fetch ? "true" : "false")}} } },
              "RichCallDataFetch": {
                "Fetcher": { "UrlPolicy": { "AllowedPorts": [ {{_server.Port}} ] }, "AllowedPrivateNetworks": [ "127.0.0.1/32" ] },
                "MaxImageBytes": 4096,
                "MaxJCardBytes": 2048
              }
            }
          }
        }
        """))).Build();

    private ServiceProvider Build(bool fetch, FakeTimeProvider clock)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);
        services.AddStirShakenVerification(Configuration(fetch).GetSection("StirShaken:Verification"), o =>
        {
            // A TLS root cannot be written in JSON: the test server's self-signed certificate is trusted in code.
            o.Fetcher.TlsRootsForTesting = [_server.TlsRoot];
            o.RichCallDataFetch.Fetcher.TlsRootsForTesting = [_server.TlsRoot];
        });
        var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();
        return provider;
    }

    private string BrandedInvite(FakeTimeProvider clock)
    {
        var rcd = new StirShaken.Identity.Passport.RichCallData("Acme Pharmacy") { Icon = _server.Url("/rcd-di/icon.png"), JCardUrl = _server.Url("/rcd-di/card.json") };
        var bytes = new Dictionary<string, byte[]>
        {
            [_server.Url("/rcd-di/icon.png")] = Icon,
            [_server.Url("/rcd-di/logo.png")] = Logo,
            [_server.Url("/rcd-di/card.json")] = _card,
        };
        var claims = new RichCallDataClaims(rcd, "Prescription ready", RichCallDataClaims.ComputeIntegrity(rcd, url => bytes[url]));
        using var signer = new PassportSigner(_pki.LeafKey, _server.Url("/rcd-di/sp.pem"), clock);
        return signer.SignWithRichCallData(SipMessage.Parse(TestCall.Invite(from: "+1-215-555-1212", date: SipDate.Format(clock.GetUtcNow()))), Attestation.A, claims).ToString();
    }

    private int ContentHits() => _server.Hits("/rcd-di/icon.png") + _server.Hits("/rcd-di/logo.png") + _server.Hits("/rcd-di/card.json");

    [Test]
    public async Task FetchingOn_FromJson_IconAndJclDigestsVerified_OverHttps()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var provider = Build(fetch: true, clock);
        var before = ContentHits();

        var result = await provider.GetRequiredService<StirShakenVerifier>().VerifyAsync(BrandedInvite(clock));

        var rcd = result.RichCallData;
        Assert.Multiple(() =>
        {
            Assert.That(result.IsSuccess, Is.True, result.Failure?.Diagnostic);
            Assert.That(rcd, Is.Not.Null);
            Assert.That(rcd!.IsSuccess, Is.True, string.Join("; ", rcd.Elements));
            Assert.That(rcd["/icn"]?.State, Is.EqualTo(RichCallDataElementState.Verified));
            Assert.That(rcd["/jcl"]?.State, Is.EqualTo(RichCallDataElementState.Verified));
            Assert.That(rcd["/jcl/1/2/3"]?.State, Is.EqualTo(RichCallDataElementState.Verified), "the logo inside the fetched jCard");
            Assert.That(rcd.JCard?.FormattedName, Is.EqualTo("Acme Pharmacy"));
            Assert.That(ContentHits() - before, Is.EqualTo(3), "icon, jCard and logo each fetched once");
            var source = provider.GetRequiredService<IRichCallDataContentSource>();
            Assert.That(source, Is.InstanceOf<HttpsRichCallDataContentSource>());
            Assert.That(((HttpsRichCallDataContentSource)source).Options.MaxImageBytes, Is.EqualTo(4096), "limits bound from RichCallDataFetch");
            Assert.That(((HttpsRichCallDataContentSource)source).Options.Fetcher.UrlPolicy.AllowedPorts, Does.Contain(_server.Port), "the RCD fetcher policy bound from RichCallDataFetch:Fetcher");
        });
    }

    [Test]
    public async Task FetchingOff_ByDefault_NothingIsFetched()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var provider = Build(fetch: false, clock);
        var before = ContentHits();

        var result = await provider.GetRequiredService<StirShakenVerifier>().VerifyAsync(BrandedInvite(clock));

        Assert.Multiple(() =>
        {
            Assert.That(new StirShakenVerificationOptions().Verifier.RichCallData.FetchContent, Is.False, "off by default");
            Assert.That(result.IsSuccess, Is.True, result.Failure?.Diagnostic);
            Assert.That(result.RichCallData!["/icn"]?.State, Is.EqualTo(RichCallDataElementState.NotFetched));
            Assert.That(result.RichCallData["/jcl"]?.State, Is.EqualTo(RichCallDataElementState.NotFetched));
            Assert.That(result.RichCallData["/nam"]?.State, Is.EqualTo(RichCallDataElementState.Verified));
            Assert.That(ContentHits() - before, Is.Zero, "RFC 9795 §8.2: no fetch only to check integrity");
        });
    }

    [Test]
    public void FetchingOn_WithBadLimits_FailsAtStart()
    {
        var services = new ServiceCollection();
        services.AddStirShakenVerification(o =>
        {
            o.TrustAnchorPaths = [Path.Combine(_folder, "root.pem")];
            o.Verifier.RichCallData.FetchContent = true;
            o.RichCallDataFetch.MaxImageBytes = 0;
        });
        using var provider = services.BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.That(error!.Message, Does.Contain("RichCallDataFetch.MaxImageBytes"));
    }
}
