using System.Security.Cryptography;
using StirShaken.Identity.Certificates;
using StirShaken.Identity.Passport;
using StirShaken.Identity.Signing;
using StirShaken.Identity.Sip;

namespace StirShaken.Identity.Cli.Commands;

/// <summary><c>sign</c>: prints an Identity header value, or a SIP request with the header added.</summary>
internal sealed class SignCommand : ICliCommand
{
    public string Name => "sign";

    public string Summary => "Create a SHAKEN PASSporT and its Identity header (STI-AS).";

    public string Usage =>
        "--key KEY.pem --x5u URL --orig TN --dest TN [--dest TN ...] [--attest A|B|C] [--origid UUID] [--iat UNIX_SECONDS] [--compact] [--message FILE|-] [--rcd-name NAME] [--rcd-icon URL [--rcd-icon-file FILE]] [--call-reason TEXT]\n" +
        "       --legacy --key RSA.pem --identity-info URL --message FILE|- [--legacy-alg rsa-sha1|rsa-sha256]\n" +
        "       --div --message FILE|- --new-target TN --key KEY.pem --x5u URL [--request-uri URI] [--hi INDEX]";

    public string Notes =>
        "Prints <jws>;info=<URL>;alg=ES256;ppt=shaken, or with --message the request with the Identity header added\n" +
        "(and a Date header matching iat when it has none; --orig/--dest then default to P-Asserted-Identity/From and To,\n" +
        "and iat to the request's Date).\n" +
        "--legacy signs RFC 4474 instead (obsoleted by RFC 8224; for RFC 4474 peers and tests): adds Date when missing, then\n" +
        "Identity (RSA over the RFC 4474 §9 digest-string) and Identity-Info. rsa-sha1 (default, the only RFC 4474 alg) is weak.\n" + DiversionSigning.Notes;

    public IReadOnlyList<OptionSpec> Options { get; } =
    [
        new("key", "KEY.pem", "The signer's EC P-256 private key (PKCS#8 or SEC1 PEM)."),
        new("x5u", "URL", "Where the certificate chain is published (x5u and info)."),
        new("orig", "TN", "The calling number (canonicalized, RFC 8224 §8.3)."),
        new("dest", "TN", "A called number.", Repeatable: true),
        new("attest", "A|B|C", "Attestation level; default A."),
        new("origid", "UUID", "Origination identifier; default a random UUID."),
        new("iat", "UNIX_SECONDS", "Issued-at time; default now."),
        new("compact", null, "Emit the compact form ..signature (not for SHAKEN on the wire)."),
        new("message", "FILE|-", "A SIP request to add the Identity header to."),
        new("legacy", null, "Sign RFC 4474 Identity + Identity-Info with an RSA key (needs --identity-info and --message)."),
        new("identity-info", "URL", "With --legacy: where the domain certificate is published (the Identity-Info URI)."),
        new("legacy-alg", "ALG", "With --legacy: rsa-sha1 (default; weak) or rsa-sha256."),
        .. DiversionSigning.Options,
        new("rcd-name", "NAME", "Rich Call Data: the caller's display name (rcd.nam, RFC 9795 §5.1.1), signed in the SHAKEN PASSporT."),
        new("rcd-icon", "URL", "Rich Call Data: an https logo URL (rcd.icn, RFC 9795 §5.1.3)."),
        new("rcd-icon-file", "FILE", "The exact bytes served at --rcd-icon, to sign their rcdi digest (RFC 9795 §6.1.2)."),
        new("call-reason", "TEXT", "Rich Call Data: the call reason (crn, RFC 9795 §7)."),
    ];

    public async Task<int> RunAsync(ParsedArguments arguments, CliContext context, CancellationToken cancellationToken)
    {
        if (arguments.Has("legacy"))
        {
            return await RunLegacyAsync(arguments, context, cancellationToken).ConfigureAwait(false);
        }

        foreach (var legacyOnly in new[] { "identity-info", "legacy-alg" })
        {
            if (arguments.Single(legacyOnly) is not null)
            {
                throw new UsageException($"--{legacyOnly} needs --legacy");
            }
        }

        var keyPath = arguments.Required("key");
        var x5u = InputFiles.RequirePrintableUrl(arguments.Required("x5u"), "--x5u");
        var attestation = arguments.Single("attest") switch
        {
            null or "A" => Attestation.A,
            "B" => Attestation.B,
            "C" => Attestation.C,
            var other => throw new UsageException($"--attest must be A, B or C, got '{other}'"),
        };
        var iat = arguments.Int64("iat") is { } seconds ? VerifyCommand.ToTime(seconds, "--iat") : (DateTimeOffset?)null;
        var messagePath = arguments.Single("message");
        var orig = arguments.Single("orig");
        var dest = arguments.All("dest");
        if (messagePath is null && arguments.Has("div"))
        {
            throw new UsageException("--div retargets a signed request: give --message");
        }

        if (messagePath is null && (orig is null || dest.Count == 0))
        {
            throw new UsageException(orig is null ? "missing required option --orig" : "missing required option --dest");
        }

        using var signer = CreateSigner(keyPath, x5u);
        if (!X5uUrlPolicy.Default.IsAllowed(x5u, out var refused))
        {
            await context.Error.WriteLineAsync($"{CliApp.Name}: warning: verifiers will refuse this x5u ({refused}); ATIS-1000074 requires https on port 443/8443").ConfigureAwait(false);
        }

        var compact = arguments.Has("compact");
        var richCallData = RichCallDataOptions(arguments);
        if (richCallData is not null && compact)
        {
            throw new UsageException("--compact cannot carry Rich Call Data: rcd claims in a SHAKEN PASSporT need the full form (RFC 8225 §8.1, RFC 9795 §9)");
        }

        if (messagePath is null)
        {
            var value = Create(() => Sign(signer, Request(orig!, dest, attestation, arguments.Single("origid"), iat), richCallData, compact));
            await context.Out.WriteLineAsync(value).ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        var parsed = SipMessage.TryParse(await InputFiles.ReadMessageAsync(messagePath, context, SipParserOptions.Default.MaxMessageLength, cancellationToken).ConfigureAwait(false));
        if (!parsed.IsSuccess)
        {
            throw new UsageException($"--message: not a SIP message: {parsed.Error}");
        }

        var message = parsed.Value;
        if (!message.IsRequest)
        {
            throw new UsageException("--message: a SIP response cannot be signed; give a request");
        }

        if (arguments.Has("div"))
        {
            await context.Out.WriteAsync(DiversionSigning.Retarget(signer, message, arguments)).ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        // The library's reading of the request, as the signer and the verifier use it.
        var call = CallIdentities.FromMessage(message);
        orig ??= call.FirstOrigTn ?? throw new UsageException($"--message has no telephone number in {call.OrigSource}; give --orig");
        if (dest.Count == 0)
        {
            dest = [call.FirstDestTn ?? throw new UsageException("--message has no telephone number in To; give --dest")];
        }

        // RFC 8224 §4.1: iat is the Date; a missing or unparseable Date is replaced, so verifiers accept the output.
        var issuedAt = iat ?? call.Date ?? TimeProvider.System.GetUtcNow();
        if (!call.HasValidDate)
        {
            message = message.WithHeaderReplaced(SipHeaderNames.Date, SipDate.Format(issuedAt));
        }

        var identity = Create(() => Sign(signer, Request(orig, dest, attestation, arguments.Single("origid"), issuedAt), richCallData, compact));
        await context.Out.WriteAsync(message.WithHeaderAdded(SipHeaderNames.Identity, identity).ToString()).ConfigureAwait(false);
        return ExitCodes.Ok;
    }

    /// <summary><c>sign --legacy</c>: RFC 4474 §5 over the request of <c>--message</c>.</summary>
    private static async Task<int> RunLegacyAsync(ParsedArguments arguments, CliContext context, CancellationToken cancellationToken)
    {
        foreach (var rfc8224Only in new[] { "x5u", "orig", "attest", "origid", "iat" })
        {
            if (arguments.Single(rfc8224Only) is not null)
            {
                throw new UsageException($"--{rfc8224Only} does not apply to --legacy");
            }
        }

        if (arguments.All("dest").Count > 0 || arguments.Has("compact"))
        {
            throw new UsageException("--dest and --compact do not apply to --legacy");
        }

        var keyPath = arguments.Required("key");
        var url = arguments.Required("identity-info");
        var messagePath = arguments.Required("message");
        var sha1 = arguments.Single("legacy-alg") switch
        {
            null or "rsa-sha1" => true,
            "rsa-sha256" => false,
            var other => throw new UsageException($"--legacy-alg must be rsa-sha1 or rsa-sha256, got '{other}'"),
        };

        LegacyIdentitySigner signer;
        try
        {
            signer = LegacyIdentitySigner.FromPem(InputFiles.ReadText(keyPath, "--key", InputFiles.MaxKeyBytes), url, sha1);
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            var what = e is ArgumentException { ParamName: "certificateUrl" } ? $"--identity-info '{url}'" : $"--key '{keyPath}'";
            throw new UsageException($"{what}: {InputFiles.Describe(e)}", e);
        }

        using (signer)
        {
            var parsed = SipMessage.TryParse(await InputFiles.ReadMessageAsync(messagePath, context, SipParserOptions.Default.MaxMessageLength, cancellationToken).ConfigureAwait(false));
            if (!parsed.IsSuccess)
            {
                throw new UsageException($"--message: not a SIP message: {parsed.Error}");
            }

            if (!parsed.Value.IsRequest)
            {
                throw new UsageException("--message: a SIP response cannot be signed; give a request");
            }

            if (sha1)
            {
                await context.Error.WriteLineAsync($"{CliApp.Name}: warning: rsa-sha1 is weak (SHA-1 collisions); RFC 4474 defines nothing else, RFC 8224 replaced it").ConfigureAwait(false);
            }

            var signed = Create(() => signer.Sign(parsed.Value).ToString());
            await context.Out.WriteAsync(signed).ConfigureAwait(false);
            return ExitCodes.Ok;
        }
    }

    private static string Sign(PassportSigner signer, SigningRequest request, RichCallDataClaims? richCallData, bool compact) =>
        richCallData is null ? signer.CreateIdentityHeader(request, compact) : signer.CreateIdentityHeader(signer.CreatePassport(request, richCallData));

    // --rcd-name / --rcd-icon / --call-reason → rcd, rcdi (/icn over --rcd-icon-file) and crn (RFC 9795 §5-§7).
    private static RichCallDataClaims? RichCallDataOptions(ParsedArguments arguments)
    {
        var name = arguments.Single("rcd-name");
        var icon = arguments.Single("rcd-icon");
        var iconFile = arguments.Single("rcd-icon-file");
        var reason = arguments.Single("call-reason");
        if (iconFile is not null && icon is null)
        {
            throw new UsageException("--rcd-icon-file needs --rcd-icon URL");
        }

        if (name is null && icon is null && reason is null)
        {
            return null;
        }

        if (icon is not null && !(Uri.TryCreate(icon, UriKind.Absolute, out var iconUri) && iconUri.Scheme == Uri.UriSchemeHttps))
        {
            throw new UsageException($"--rcd-icon must be an https URL (RFC 9795 §5.1.3), got '{icon}'");
        }

        // RFC 9795 §5.1.1: rcd always carries nam ("" when only an icon is given).
        var rcd = name is null && icon is null ? null : new RichCallData(name ?? string.Empty) { Icon = icon };
        var integrity = rcd is not null && iconFile is not null
            ? RichCallDataClaims.ComputeIntegrity(rcd, _ => InputFiles.ReadBytes(iconFile, "--rcd-icon-file", InputFiles.MaxIconBytes))
            : null;
        return new RichCallDataClaims(rcd, reason, integrity);
    }

    private static SigningRequest Request(string orig, IReadOnlyList<string> dest, Attestation attestation, string? origId, DateTimeOffset? iat) =>
        new(orig, dest, attestation) { OrigId = origId, IssuedAt = iat };

    private static string Create(Func<string> sign)
    {
        try
        {
            return sign();
        }
        catch (ArgumentException e)
        {
            throw new UsageException(InputFiles.Describe(e), e);
        }
    }

    private static PassportSigner CreateSigner(string keyPath, string x5u)
    {
        var pem = InputFiles.ReadText(keyPath, "--key", InputFiles.MaxKeyBytes);
        try
        {
            return PassportSigner.FromPem(pem, x5u);
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            var what = e is ArgumentException { ParamName: "x5u" } ? $"--x5u '{x5u}'" : $"--key '{keyPath}'";
            throw new UsageException($"{what}: {InputFiles.Describe(e)}", e);
        }
    }
}
