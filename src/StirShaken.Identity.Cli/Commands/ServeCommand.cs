using System.Globalization;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StirShaken.Identity.Server;

namespace StirShaken.Identity.Cli.Commands;

/// <summary>
/// <c>serve</c>: the verification (and optional signing) service over HTTP, 3GPP TS 24.229 Ms / ATIS-1000082 JSON
/// (README "HTTP service"). Runs until SIGTERM/SIGINT, then finishes the requests in flight.
/// </summary>
internal sealed class ServeCommand : ICliCommand
{
    public string Name => "serve";

    public string Summary => "Run the STI-VS (and STI-AS) HTTP service: POST /stir/v1/verification, /stir/v1/signing.";

    public string Usage =>
        "--trust-anchor PEM [--trust-anchor PEM ...] [--listen HOST:PORT] [--config FILE] [--cert URL=FILE ...] [--at UNIX_SECONDS]\n" +
        "      [--legacy-trust-anchor PEM ...] [--profile rfc8224|atis|man] [--strict-tn]\n" +
        "      [--redis CONFIG] [--signing-key KEY.pem --x5u URL] [--tls-root PEM ...]";

    public string Notes =>
        "Also configured by appsettings.json in the current folder and environment variables StirShaken__... (README \"HTTP service\").\n" +
        "--legacy-trust-anchor enables RFC 4474 Identity + Identity-Info verification, as for verify (the request passes\n" +
        "Identity-Info, Call-ID, CSeq, Contact and the Date as received in protectedHeaders, the body in 'body').\n" +
        "POST /stir/v1/signing also signs div PASSporTs (ppt \"div\", RFC 8946), like sign --div (README \"HTTP service\").\n" +
        "Prints 'stir-identity: listening on URL' once it accepts requests. GET /health, /ready, /metrics (Prometheus), /openapi.json.\n" +
        "Exit codes: 0 after a clean stop (SIGTERM/SIGINT), 2 on a configuration or start error.\n";

    public IReadOnlyList<OptionSpec> Options { get; } =
    [
        new("config", "FILE", "A JSON configuration file (appsettings.json shape), applied over appsettings.json and the environment."),
        new("listen", "HOST:PORT", "Address to listen on (http); port 0 picks a free port. Default 127.0.0.1:8080."),
        new("trust-anchor", "PEM", "STI-CA root certificate(s): PEM/DER file or folder.", Repeatable: true),
        new("legacy-trust-anchor", "PEM", "RFC 4474 domain-certificate CA(s): PEM/DER file or folder; enables legacy verification.", Repeatable: true),
        new("cert", "URL=FILE", "Serve the x5u/info/Identity-Info URL from a local PEM or DER file instead of the network.", Repeatable: true),
        new("at", "UNIX_SECONDS", "Verification time (replaying recorded traffic); default now."),
        .. VerifierSettings.Specs.Where(spec => spec.Name is "profile" or "strict-tn"),
        new("redis", "CONFIG", "Share the certificate cache through Redis (StackExchange.Redis configuration, e.g. 127.0.0.1:6379)."),
        new("signing-key", "KEY.pem", "Enable POST /stir/v1/signing with this EC P-256 key (needs --x5u)."),
        new("x5u", "URL", "Where the signing certificate chain is published (x5u and info)."),
        new("tls-root", "PEM", "TLS root trusted for x5u downloads instead of the system roots (private or test HTTPS servers).", Repeatable: true),
    ];

    public async Task<int> RunAsync(ParsedArguments arguments, CliContext context, CancellationToken cancellationToken)
    {
        var listen = arguments.Single("listen") ?? "127.0.0.1:8080";
        if (!Uri.TryCreate("http://" + listen, UriKind.Absolute, out var url) || url.AbsolutePath != "/" || listen.Contains('/', StringComparison.Ordinal))
        {
            throw new UsageException($"--listen expects HOST:PORT, got '{listen}'");
        }

        var settings = new Dictionary<string, string?>(StringComparer.Ordinal) { ["urls"] = "http://" + listen };
        Add(settings, "StirShaken:TrustAnchorPaths", arguments.All("trust-anchor"));
        Add(settings, $"{ServerOptions.Section}:TlsRootPaths", arguments.All("tls-root"));
        Add(settings, "StirShaken:LegacyTrustAnchorPaths", arguments.All("legacy-trust-anchor"));
        // The same conformance profiles and TN rule as verify (README "Conformance profiles").
        if (arguments.Single("profile") is { } profile)
        {
            settings["StirShaken:Verifier:Profile"] = VerifierSettings.Profile(profile).ToString();
        }

        if (arguments.Has("strict-tn"))
        {
            settings["StirShaken:Verifier:StrictTelephoneNumbers"] = "true";
        }

        if (arguments.Int64("at") is { } at)
        {
            VerifyCommand.ToTime(at, "--at");
            settings[$"{ServerOptions.Section}:AtUnixSeconds"] = at.ToString(CultureInfo.InvariantCulture);
        }

        Set(settings, "Redis", arguments.Single("redis"));
        Set(settings, "SigningKeyPath", arguments.Single("signing-key"));
        Set(settings, "SigningX5u", arguments.Single("x5u"));
        var certificates = CertificateSources.Load(arguments.All("cert"));

        var configuration = arguments.Single("config");
        if (configuration is not null && !File.Exists(configuration))
        {
            throw new UsageException($"--config: '{configuration}' does not exist");
        }

        await using var app = StirIdentityServer.Create([], settings, certificates, configuration);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        await context.Out.WriteLineAsync($"{CliApp.Name}: listening on {string.Join(' ', addresses)}").ConfigureAwait(false);
        await context.Out.FlushAsync(cancellationToken).ConfigureAwait(false);

        // SIGTERM/SIGINT: the host stops accepting, finishes the requests in flight (StirShaken:Server:ShutdownTimeout), exits 0.
        await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
        return ExitCodes.Ok;
    }

    private static void Add(Dictionary<string, string?> settings, string key, IReadOnlyList<string> values)
    {
        for (var i = 0; i < values.Count; i++)
        {
            settings[$"{key}:{i.ToString(CultureInfo.InvariantCulture)}"] = values[i];
        }
    }

    private static void Set(Dictionary<string, string?> settings, string name, string? value)
    {
        if (value is not null)
        {
            settings[$"{ServerOptions.Section}:{name}"] = value;
        }
    }
}
