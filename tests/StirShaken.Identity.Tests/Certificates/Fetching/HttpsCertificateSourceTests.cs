using System.Net;
using System.Net.Sockets;
using StirShaken.Identity.Certificates;
using StirShaken.Identity.Certificates.Fetching;
using StirShaken.Identity.Testing;
using StirShaken.Identity.Tests.Support;

namespace StirShaken.Identity.Tests.Certificates.Fetching;

/// <summary>The fetcher against a real Kestrel HTTPS server on 127.0.0.1 (no mocks of the network path).</summary>
public class HttpsCertificateSourceTests
{
    private TestHttpsServer _server = null!;
    private TestPki _pki = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _server = await TestHttpsServer.StartAsync();
        _pki = TestPki.Create();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _server.DisposeAsync();
        _pki.Dispose();
    }

    private HttpsCertificateSource Source(TimeSpan? timeout = null, int? maxBytes = null)
    {
        var options = _server.FetcherOptions(timeout);
        if (maxBytes is { } max)
        {
            options.MaxResponseBytes = max;
        }

        return new HttpsCertificateSource(options);
    }

    private async Task<CertificateFetchResult> FetchAsync(string path, TimeSpan? timeout = null, int? maxBytes = null)
    {
        using var source = Source(timeout, maxBytes);
        return await source.GetCertificateChainAsync(_server.Url(path));
    }

    [Test]
    public async Task Pem_chain_with_intermediate_is_fetched_leaf_first()
    {
        _server.MapText("/good/chain.pem", _pki.ChainPem);
        var result = await FetchAsync("/good/chain.pem");
        Assert.That(result.IsSuccess, Is.True, result.Detail);
        Assert.Multiple(() =>
        {
            Assert.That(result.Chain!.Certificates, Has.Count.EqualTo(2));
            Assert.That(result.Chain.Leaf.Thumbprint, Is.EqualTo(_pki.Leaf.Thumbprint));
            Assert.That(result.Chain.Certificates[1].Thumbprint, Is.EqualTo(_pki.Intermediate.Thumbprint));
        });
    }

    [Test]
    public async Task Der_leaf_is_fetched()
    {
        _server.MapBytes("/good/leaf.der", _pki.Leaf.RawData, "application/pkix-cert");
        var result = await FetchAsync("/good/leaf.der");
        Assert.That(result.IsSuccess, Is.True, result.Detail);
        Assert.That(result.Chain!.Certificates, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Download_reports_cache_control()
    {
        _server.MapText("/good/cc.pem", _pki.ChainPem, cacheControl: "public, max-age=172800");
        using var source = Source();
        var download = await source.DownloadAsync(_server.Url("/good/cc.pem"));
        Assert.Multiple(() =>
        {
            Assert.That(download.Result.IsSuccess, Is.True);
            Assert.That(download.StatusCode, Is.EqualTo(200));
            Assert.That(download.Freshness.Lifetime, Is.EqualTo(TimeSpan.FromHours(48)));
        });
    }

    [Test]
    public async Task Not_found_is_an_http_status_failure()
    {
        var result = await FetchAsync("/missing.pem");
        Assert.Multiple(() =>
        {
            Assert.That(result.Failure, Is.EqualTo(CertificateFetchFailure.HttpStatus));
            Assert.That(result.Detail, Does.Contain("404"));
        });
    }

    [Test]
    public async Task Server_error_is_an_http_status_failure()
    {
        _server.Map("/500.pem", context =>
        {
            context.Response.StatusCode = 500;
            return Task.CompletedTask;
        });
        var result = await FetchAsync("/500.pem");
        Assert.Multiple(() =>
        {
            Assert.That(result.Failure, Is.EqualTo(CertificateFetchFailure.HttpStatus));
            Assert.That(result.Detail, Does.Contain("500"));
        });
    }

    [Test]
    public async Task Slow_response_times_out()
    {
        _server.MapText("/slow.pem", _pki.ChainPem, delay: TimeSpan.FromSeconds(10));
        var result = await FetchAsync("/slow.pem", timeout: TimeSpan.FromMilliseconds(400));
        Assert.Multiple(() =>
        {
            Assert.That(result.Failure, Is.EqualTo(CertificateFetchFailure.Timeout));
            Assert.That(result.Detail, Does.Contain("400 ms"));
        });
    }

    [Test]
    public async Task Endless_body_hits_the_size_cap()
    {
        _server.Map("/endless.pem", async context =>
        {
            var chunk = new byte[1024];
            Array.Fill(chunk, (byte)'A');
            while (!context.RequestAborted.IsCancellationRequested)
            {
                await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
            }
        });
        var result = await FetchAsync("/endless.pem", maxBytes: 16 * 1024);
        Assert.Multiple(() =>
        {
            Assert.That(result.Failure, Is.EqualTo(CertificateFetchFailure.TooLarge));
            Assert.That(result.Detail, Does.Contain("16384"));
        });
    }

    [Test]
    public async Task Declared_oversized_body_is_refused_before_reading()
    {
        _server.MapBytes("/big.pem", new byte[100 * 1024]);
        var result = await FetchAsync("/big.pem");
        Assert.Multiple(() =>
        {
            Assert.That(result.Failure, Is.EqualTo(CertificateFetchFailure.TooLarge));
            Assert.That(result.Detail, Does.Contain("Content-Length 102400"));
        });
    }

    [Test]
    public async Task Redirect_is_not_followed()
    {
        _server.MapText("/target.pem", _pki.ChainPem);
        _server.Map("/redirect.pem", context =>
        {
            context.Response.Redirect(_server.Url("/target.pem"));
            return Task.CompletedTask;
        });
        var result = await FetchAsync("/redirect.pem");
        Assert.Multiple(() =>
        {
            Assert.That(result.Failure, Is.EqualTo(CertificateFetchFailure.Redirect));
            Assert.That(_server.Hits("/target.pem"), Is.Zero);
        });
    }

    [Test]
    public async Task Garbage_body_is_not_a_certificate()
    {
        _server.MapText("/garbage.pem", "<html><body>Welcome to nginx!</body></html>", "text/html");
        var result = await FetchAsync("/garbage.pem");
        Assert.That(result.Failure, Is.EqualTo(CertificateFetchFailure.NotACertificate));
    }

    [Test]
    public async Task Wrong_content_private_key_pem_is_not_a_certificate()
    {
        _server.MapText("/key.pem", _pki.LeafKeyPem);
        var result = await FetchAsync("/key.pem");
        Assert.Multiple(() =>
        {
            Assert.That(result.Failure, Is.EqualTo(CertificateFetchFailure.NotACertificate));
            Assert.That(result.Detail, Does.Contain("BEGIN CERTIFICATE"));
        });
    }

    [Test]
    public async Task Untrusted_tls_certificate_is_a_tls_failure()
    {
        _server.MapText("/tls.pem", _pki.ChainPem);
        var options = _server.FetcherOptions();
        options.TlsRootsForTesting = null; // system roots do not know the test server
        using var source = new HttpsCertificateSource(options);
        var result = await source.GetCertificateChainAsync(_server.Url("/tls.pem"));
        Assert.That(result.Failure, Is.EqualTo(CertificateFetchFailure.TlsFailure), result.Detail);
    }

    [Test]
    public async Task Loopback_is_refused_without_the_allow_list_end_to_end()
    {
        _server.MapText("/ssrf.pem", _pki.ChainPem);
        var options = _server.FetcherOptions();
        options.AllowedPrivateNetworks = [];
        using var source = new HttpsCertificateSource(options);
        var before = _server.Hits("/ssrf.pem");
        var byIp = await source.GetCertificateChainAsync(_server.Url("/ssrf.pem"));
        var byName = await source.GetCertificateChainAsync($"https://localhost:{_server.Port}/ssrf.pem");
        Assert.Multiple(() =>
        {
            Assert.That(byIp.Failure, Is.EqualTo(CertificateFetchFailure.PolicyRefused));
            Assert.That(byIp.Detail, Does.Contain("127.0.0.0/8 loopback"));
            Assert.That(byName.Failure, Is.EqualTo(CertificateFetchFailure.PolicyRefused), "a name resolving to loopback is refused too");
            Assert.That(_server.Hits("/ssrf.pem"), Is.EqualTo(before), "no request reached the server");
        });
    }

    [Test]
    public async Task Host_name_resolving_to_an_allowed_address_works()
    {
        _server.MapText("/byname.pem", _pki.ChainPem);
        var options = _server.FetcherOptions();
        options.AllowedPrivateNetworks = ["127.0.0.1/32", "::1/128"];
        using var source = new HttpsCertificateSource(options);
        var result = await source.GetCertificateChainAsync($"https://localhost:{_server.Port}/byname.pem");
        Assert.That(result.IsSuccess, Is.True, result.Detail);
    }

    [TestCase("http://127.0.0.1/x.pem", "scheme")]
    [TestCase("https://127.0.0.1:9/x.pem", "port 9")]
    [TestCase("https://user:pw@127.0.0.1/x.pem", "userinfo")]
    [TestCase("https://127.0.0.1/x.pem?a=1", "query")]
    [TestCase("https://127.0.0.1/x.pem#f", "fragment")]
    public async Task Url_policy_refusals(string url, string expected)
    {
        using var source = new HttpsCertificateSource();
        var result = await source.GetCertificateChainAsync(url);
        Assert.Multiple(() =>
        {
            Assert.That(result.Failure, Is.EqualTo(CertificateFetchFailure.PolicyRefused));
            Assert.That(result.Detail, Does.Contain(expected));
        });
    }

    [Test]
    public async Task Unresolvable_host_is_a_dns_failure()
    {
        using var source = new HttpsCertificateSource();
        var result = await source.GetCertificateChainAsync("https://no-such-host.invalid/sp.pem");
        Assert.That(result.Failure, Is.EqualTo(CertificateFetchFailure.DnsFailure), result.Detail);
    }

    [Test]
    public async Task Closed_port_is_a_connect_failure()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var options = _server.FetcherOptions();
        options.UrlPolicy = new X5uUrlPolicy { AllowedPorts = [port] };
        using var source = new HttpsCertificateSource(options);
        var result = await source.GetCertificateChainAsync($"https://127.0.0.1:{port}/sp.pem");
        Assert.That(result.Failure, Is.EqualTo(CertificateFetchFailure.ConnectFailure), result.Detail);
    }
}
