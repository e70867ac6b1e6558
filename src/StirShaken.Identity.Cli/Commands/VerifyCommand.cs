using StirShaken.Identity.Certificates;
using StirShaken.Identity.Sip;
using StirShaken.Identity.Verification;

namespace StirShaken.Identity.Cli.Commands;

/// <summary><c>verify</c>: one SIP request (<c>--message</c>) or every <c>*.sip</c> file of a folder (<c>--batch</c>).</summary>
internal sealed class VerifyCommand : ICliCommand
{
    public string Name => "verify";

    public string Summary => "Verify the Identity header(s) of SIP requests (STI-VS); an identity is required (else 428).";

    public string Usage =>
        "--message FILE|- --trust-anchor PEM [--trust-anchor PEM ...] [--legacy-trust-anchor PEM ...] [--cert URL=FILE ...] [--at UNIX_SECONDS] [--json]\n" +
        "--batch DIR --trust-anchor PEM [...same options...]";

    public string Notes =>
        "Exit codes: 0 verified (batch: all), 1 verification failed (batch: any), 2 usage or I/O error.\n" +
        "--batch prints one JSON object per *.sip file (ordinal name order), with \"file\"; one worker per processor.\n" +
        "Without --cert for an x5u, it is fetched over HTTPS (SSRF filter, 64 KiB, 2 s, cached); a failed fetch is 436.\n" +
        "--legacy-trust-anchor enables RFC 4474 Identity + Identity-Info verification (rsa-sha1 is weak; verstat No-TN-Validation);\n" +
        "without it a legacy-only request fails with 438 LegacyIdentityUnsupported. --cert also serves Identity-Info URLs.\n";

    public IReadOnlyList<OptionSpec> Options { get; } =
    [
        new("message", "FILE|-", "The SIP request (raw text); '-' reads stdin."),
        new("batch", "DIR", "Verify every *.sip file in DIR; one JSON line per file."),
        new("trust-anchor", "PEM", "STI-CA root certificate(s): PEM/DER file or folder.", Repeatable: true),
        new("legacy-trust-anchor", "PEM", "RFC 4474 domain-certificate CA(s): PEM/DER file or folder; enables legacy verification.", Repeatable: true),
        new("cert", "URL=FILE", "Serve the x5u/info/Identity-Info URL from a local PEM or DER file instead of the network.", Repeatable: true),
        new("at", "UNIX_SECONDS", "Verification time (recorded traffic); default now."),
        new("json", null, "Print one JSON object instead of a summary."),
        .. VerifierSettings.Specs,
    ];

    public async Task<int> RunAsync(ParsedArguments arguments, CliContext context, CancellationToken cancellationToken)
    {
        var message = arguments.Single("message");
        var batch = arguments.Single("batch");
        if ((message is null) == (batch is null))
        {
            throw new UsageException("verify needs exactly one of --message FILE|- or --batch DIR");
        }

        if (batch is not null && !Directory.Exists(batch))
        {
            throw new UsageException($"--batch: '{batch}' is not a directory");
        }

        var verifier = CreateVerifier(arguments);
        if (message is not null)
        {
            var text = await InputFiles.ReadMessageAsync(message, context, verifier.Options.Parser.MaxMessageLength, cancellationToken).ConfigureAwait(false);
            var (result, request) = await VerifyTextAsync(verifier, text, cancellationToken).ConfigureAwait(false);
            await context.Out.WriteAsync(arguments.Has("json")
                ? VerificationJson.Format(result, request, null, VerificationJson.Indented) + Environment.NewLine
                : VerificationJson.Summary(result, request)).ConfigureAwait(false);
            return result.IsSuccess ? ExitCodes.Ok : ExitCodes.Failed;
        }

        return await new BatchVerifier(verifier, context).RunAsync(batch!, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One verifier for the whole run: identity required, fixed clock with <c>--at</c>.</summary>
    private static StirShakenVerifier CreateVerifier(ParsedArguments arguments)
    {
        var anchors = InputFiles.LoadTrustAnchors(arguments.All("trust-anchor"));
        var urlPolicy = VerifierSettings.UrlPolicy(arguments);
        var certificates = CertificateSources.Create(CertificateSources.Load(arguments.All("cert")), urlPolicy);
        TimeProvider? clock = arguments.Int64("at") is { } at ? new FixedTimeProvider(ToTime(at, "--at")) : null;
        var legacy = arguments.All("legacy-trust-anchor") is { Count: > 0 } legacyPaths ? InputFiles.LoadTrustAnchors(legacyPaths, "--legacy-trust-anchor") : null;
        return new StirShakenVerifier(certificates, new CertificateValidator(anchors), VerifierSettings.Options(arguments),
            new StirShakenVerifierDependencies { TimeProvider = clock, UrlPolicy = urlPolicy, LegacyTrustAnchors = legacy });
    }

    /// <summary>Verifies raw text, keeping the parsed request so that a failure response can be built for it.</summary>
    private static async Task<(VerificationResult Result, SipMessage? Request)> VerifyTextAsync(StirShakenVerifier verifier, string text, CancellationToken cancellationToken)
    {
        var parsed = SipMessage.TryParse(text, verifier.Options.Parser);
        return parsed.IsSuccess
            ? (await verifier.VerifyAsync(parsed.Value, cancellationToken).ConfigureAwait(false), parsed.Value)
            : (await verifier.VerifyAsync(text, cancellationToken).ConfigureAwait(false), null);
    }

    internal static DateTimeOffset ToTime(long unixSeconds, string option)
    {
        try
        {
            return DateTimeOffset.FromUnixTimeSeconds(unixSeconds);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new UsageException($"{option} {unixSeconds} is out of range", e);
        }
    }
}
