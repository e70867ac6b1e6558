using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StirShaken.Identity.Certificates;
using StirShaken.Identity.Certificates.Fetching;

namespace StirShaken.Identity.Tests.Support;

/// <summary>
/// A real Kestrel HTTPS server (or plain http, for AllowHttpForTesting) on 127.0.0.1 (ephemeral port) with a throw-away TLS certificate, serving
/// whatever each test maps to a path and counting hits per path. Shared by the tests and the benchmarks.
/// </summary>
internal sealed class TestHttpsServer : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, RequestDelegate> _routes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _hits = new(StringComparer.Ordinal);
    private WebApplication? _app;

    private TestHttpsServer(X509Certificate2 tlsCertificate)
    {
        TlsCertificate = tlsCertificate;
        TlsRoot = X509CertificateLoader.LoadCertificate(tlsCertificate.RawData);
    }

    /// <summary>The TLS server certificate (with key).</summary>
    public X509Certificate2 TlsCertificate { get; }

    /// <summary>The public part, to trust via <see cref="CertificateFetcherOptions.TlsRootsForTesting"/>.</summary>
    public X509Certificate2 TlsRoot { get; }

    public int Port { get; private set; }

    /// <summary>Whether the server speaks TLS (plain http only for <see cref="X5uUrlPolicy.AllowHttpForTesting"/> tests).</summary>
    public bool UseTls { get; private set; } = true;

    public static async Task<TestHttpsServer> StartAsync(bool useTls = true)
    {
        var server = new TestHttpsServer(CreateTlsCertificate()) { UseTls = useTls };
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            if (useTls)
            {
                listen.UseHttps(server.TlsCertificate);
            }
        }));
        var app = builder.Build();
        app.Run(server.HandleAsync);
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server.Port = new Uri(address).Port;
        server._app = app;
        return server;
    }

    public string Url(string path) => $"{(UseTls ? "https" : "http")}://127.0.0.1:{Port}{path}";

    public int Hits(string path) => _hits.TryGetValue(path, out var hits) ? hits : 0;

    public void Map(string path, RequestDelegate handler) => _routes[path] = handler;

    public void MapBytes(string path, byte[] body, string contentType = "application/x-pem-file", string? cacheControl = null, TimeSpan? delay = null) =>
        Map(path, async context =>
        {
            if (delay is { } wait)
            {
                await Task.Delay(wait, context.RequestAborted).ConfigureAwait(false);
            }

            context.Response.ContentType = contentType;
            context.Response.ContentLength = body.Length;
            if (cacheControl is not null)
            {
                context.Response.Headers.CacheControl = cacheControl;
            }

            await context.Response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
        });

    public void MapText(string path, string body, string contentType = "application/x-pem-file", string? cacheControl = null, TimeSpan? delay = null) =>
        MapBytes(path, System.Text.Encoding.UTF8.GetBytes(body), contentType, cacheControl, delay);

    /// <summary>Fetcher options that reach this server: its port and loopback explicitly allowed, its TLS root trusted.</summary>
    public CertificateFetcherOptions FetcherOptions(TimeSpan? timeout = null) => new()
    {
        UrlPolicy = new X5uUrlPolicy { AllowedPorts = [443, 8443, Port] },
        AllowedPrivateNetworks = ["127.0.0.1/32"],
        TlsRootsForTesting = [TlsRoot],
        Timeout = timeout ?? TimeSpan.FromSeconds(5),
    };

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync().ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
        }

        TlsCertificate.Dispose();
        TlsRoot.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        _hits.AddOrUpdate(path, 1, (_, n) => n + 1);
        if (_routes.TryGetValue(path, out var handler))
        {
            try
            {
                await handler(context).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
            {
                // The client gave up (timeouts, size caps): expected.
            }
        }
        else
        {
            context.Response.StatusCode = 404;
        }
    }

    private static X509Certificate2 CreateTlsCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=StirShaken.Identity test HTTPS server", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        // Round-trip through PKCS#12 so the key is usable by SslStream on every platform.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }
}
