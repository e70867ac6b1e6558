using System.Security.Cryptography.X509Certificates;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using StirShaken.Identity.Certificates;
using StirShaken.Identity.Certificates.Caching;
using StirShaken.Identity.Diagnostics;
using StirShaken.Identity.Signing;
using StirShaken.Identity.Verification;

namespace StirShaken.Identity.Server;

/// <summary>
/// Builds the verification/signing service (README "HTTP service"): Kestrel, the library's hosting integration
/// (<c>AddStirShakenVerification</c>), the optional Redis certificate cache, limits,
/// health, readiness, Prometheus metrics and the OpenAPI document. <c>stir-identity serve</c> is one caller.
/// </summary>
public static class StirIdentityServer
{
    /// <summary>The route of the 3GPP/ATIS verification API.</summary>
    public const string VerificationPath = "/stir/v1/verification";

    /// <summary>The route of the 3GPP/ATIS signing API.</summary>
    public const string SigningPath = "/stir/v1/signing";

    private const string LimitPolicy = "stir";

    /// <summary>
    /// Creates the application. Configuration comes, from weakest to strongest, from <c>appsettings.json</c> in the current
    /// folder, environment variables (<c>StirShaken__Server__Redis</c>, <c>StirShaken__TrustAnchorPaths__0</c> …),
    /// <paramref name="settings"/> (the <c>serve</c> flags, as configuration keys) and <paramref name="args"/>.
    /// </summary>
    /// <param name="args">ASP.NET command-line configuration (<c>--Key=value</c>); may be empty.</param>
    /// <param name="settings">Configuration keys to set, e.g. <c>StirShaken:Server:Redis</c>; applied over files and environment.</param>
    /// <param name="localCertificates">x5u URL → chain served without a download (<c>--cert URL=FILE</c>); may be empty.</param>
    /// <param name="configurationFile">A JSON configuration file (<c>--config</c>, same shape as <c>appsettings.json</c>) applied over the environment; null for none.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="OptionsValidationException">A <c>StirShaken:Server</c> setting is invalid.</exception>
    /// <exception cref="FileNotFoundException"><paramref name="configurationFile"/> does not exist.</exception>
    public static WebApplication Create(string[] args, IReadOnlyDictionary<string, string?> settings, IReadOnlyDictionary<string, CertificateChain> localCertificates, string? configurationFile = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(localCertificates);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = Directory.GetCurrentDirectory() });
        // Defaults, weaker than every source: one log line per request would cost more than the verification.
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Default"] = "Information",
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
            },
        });
        if (configurationFile is not null)
        {
            builder.Configuration.AddJsonFile(Path.GetFullPath(configurationFile), optional: false, reloadOnChange: false);
        }

        builder.Configuration.AddInMemoryCollection(settings);
        builder.Configuration.AddCommandLine(args);
        var server = new ServerOptions();
        builder.Configuration.GetSection(ServerOptions.Section).Bind(server);
        var errors = new List<string>();
        server.CollectErrors(errors);
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(ServerOptions.Section, typeof(ServerOptions), errors);
        }

        // Structured logs: Logging:Console:FormatterName = json (or simple, systemd) picks the console format.
        builder.Logging.ClearProviders();
        _ = builder.Configuration["Logging:Console:FormatterName"] switch
        {
            "json" => builder.Logging.AddJsonConsole(),
            "systemd" => builder.Logging.AddSystemdConsole(),
            _ => builder.Logging.AddSimpleConsole(),
        };
        builder.Services.Configure<ServerOptions>(builder.Configuration.GetSection(ServerOptions.Section));
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = server.ShutdownTimeout);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = Math.Max(server.MaxRequestBodyBytes, JsonBody.DrainLimitBytes);
            kestrel.Limits.MaxRequestHeadersTotalSize = 16 * 1024;
        });

        AddVerification(builder, server, localCertificates);
        if (server.SigningEnabled)
        {
            builder.Services.AddStirShakenSigning(o =>
            {
                o.PrivateKeyPemPath = server.SigningKeyPath;
                o.X5u = server.SigningX5u;
            });
        }

        builder.Services.AddRateLimiter(o =>
        {
            o.AddConcurrencyLimiter(LimitPolicy, limiter =>
            {
                limiter.PermitLimit = server.MaxConcurrentRequests;
                limiter.QueueLimit = server.QueueLimit;
                limiter.QueueProcessingOrder = QueueProcessingOrder.OldestFirst;
            });
            o.RejectionStatusCode = StatusCodes.Status503ServiceUnavailable;
            o.OnRejected = (context, _) => new ValueTask(JsonBody.WriteErrorAsync(context.HttpContext, StatusCodes.Status503ServiceUnavailable,
                $"too many requests in flight ({server.MaxConcurrentRequests} running, {server.QueueLimit} queued); retry"));
        });

        builder.Services.AddOpenTelemetry().ConfigureResource(resource => resource.AddService("stir-identity")).WithMetrics(metrics => metrics
            .AddMeter(StirShakenDiagnostics.MeterName, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel")
            .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0));
        builder.Services.AddSingleton<Readiness>();
        builder.Services.AddSingleton(sp => new Endpoints(
            sp.GetRequiredService<StirShakenVerifier>(), sp.GetRequiredService<IOptions<ServerOptions>>(), sp.GetRequiredService<ILogger<Endpoints>>(),
            sp.GetService<TimeProvider>() ?? TimeProvider.System,
            server.SigningEnabled ? sp.GetRequiredService<PassportSigner>() : null));

        var app = builder.Build();
        app.UseExceptionHandler(error => error.Run(context =>
            JsonBody.WriteErrorAsync(context, StatusCodes.Status500InternalServerError, "internal error (logged)")));
        app.UseStatusCodePages(context => context.HttpContext.Response.HasStarted
            ? Task.CompletedTask
            : JsonBody.WriteErrorAsync(context.HttpContext, context.HttpContext.Response.StatusCode, context.HttpContext.Response.StatusCode switch
            {
                StatusCodes.Status404NotFound => $"no such resource: {context.HttpContext.Request.Path}",
                StatusCodes.Status405MethodNotAllowed => $"method {context.HttpContext.Request.Method} is not allowed on {context.HttpContext.Request.Path}",
                var status => $"HTTP {status}",
            }));
        app.UseRateLimiter();

        var endpoints = app.Services.GetRequiredService<Endpoints>();
        app.MapPost(VerificationPath, endpoints.VerifyAsync).RequireRateLimiting(LimitPolicy);
        app.MapPost(SigningPath, endpoints.SignAsync).RequireRateLimiting(LimitPolicy);
        app.MapGet("/health", context => JsonBody.WriteAsync(context, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("status", "ok");
            writer.WriteEndObject();
        }));
        app.MapGet("/ready", context => context.RequestServices.GetRequiredService<Readiness>().WriteAsync(context));
        app.MapGet("/openapi.json", async context =>
        {
            context.Response.ContentType = "application/json";
            await using var document = typeof(StirIdentityServer).Assembly.GetManifestResourceStream("openapi.json")!;
            await document.CopyToAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
        });
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }

    private static void AddVerification(WebApplicationBuilder builder, ServerOptions server, IReadOnlyDictionary<string, CertificateChain> localCertificates)
    {
        var services = builder.Services;
        if (server.AtUnixSeconds is { } at)
        {
            services.AddSingleton<TimeProvider>(new FixedClock(DateTimeOffset.FromUnixTimeSeconds(at)));
        }

        if (!string.IsNullOrEmpty(server.Redis))
        {
            services.AddStackExchangeRedisCache(o =>
            {
                o.Configuration = server.Redis;
                o.InstanceName = server.RedisInstanceName;
            });
        }

        // The --cert chains first, every other x5u through the library's HTTPS fetcher and (Redis-backed) cache.
        services.AddSingleton<ICertificateSource>(sp =>
        {
            // --cert URL=FILE chains first, then the network (the cache over the hardened fetcher).
            var source = new InMemoryCertificateSource(sp.GetRequiredService<CachingCertificateSource>());
            foreach (var (url, chain) in localCertificates)
            {
                source.Add(url, chain);
            }

            return source;
        });
        var section = builder.Configuration.GetSection("StirShaken");
        services.AddStirShakenVerification(o =>
        {
            // Fresh option objects before binding, so configuration never mutates a shared default (VerifierOptions.Default).
            o.Verifier = new VerifierOptions { RequireIdentity = true };
            section.Bind(o);
            o.UseDistributedCache = !string.IsNullOrEmpty(server.Redis);
            if (server.TlsRootPaths.Count > 0)
            {
                o.Fetcher.TlsRootsForTesting = [.. server.TlsRootPaths.SelectMany(path => X509CertificateLoader.LoadCertificateFromFile(path) is { } certificate ? [certificate] : Array.Empty<X509Certificate2>())];
            }
        });
    }

    /// <summary>A clock stopped at one instant (<c>--at</c>: replaying recorded traffic).</summary>
    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
