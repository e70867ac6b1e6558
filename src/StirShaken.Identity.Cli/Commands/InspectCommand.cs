using System.Buffers;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using StirShaken.Identity.Certificates;
using StirShaken.Identity.Parsing;
using StirShaken.Identity.Passport;
using StirShaken.Identity.Sip;

namespace StirShaken.Identity.Cli.Commands;

/// <summary><c>inspect</c>: decodes Identity headers without judging them (no verification).</summary>
internal sealed class InspectCommand : ICliCommand
{
    public string Name => "inspect";

    public string Summary => "Decode an Identity header or every Identity header of a SIP message (no verification).";

    public string Usage => "(--header VALUE | --message FILE|-) [--cert URL=FILE ...] [--json]";

    public string Notes =>
        "Exit codes: 0 decoded, 1 no Identity header or one could not be decoded, 2 usage or I/O error.\n" +
        "A legacy RFC 4474 Identity shows its Identity-Info pair and, with --message, the RFC 4474 §9 digest-string.\n";

    public IReadOnlyList<OptionSpec> Options { get; } =
    [
        new("header", "VALUE", "An Identity header value (what follows 'Identity:')."),
        new("message", "FILE|-", "A SIP message; every Identity header is decoded."),
        new("cert", "URL=FILE", "A local PEM chain for an info URL: adds a certificate summary.", Repeatable: true),
        new("json", null, "Print one JSON object."),
    ];

    public async Task<int> RunAsync(ParsedArguments arguments, CliContext context, CancellationToken cancellationToken)
    {
        var headerValue = arguments.Single("header");
        var messagePath = arguments.Single("message");
        if ((headerValue is null) == (messagePath is null))
        {
            throw new UsageException("inspect needs exactly one of --header VALUE or --message FILE|-");
        }

        var certificates = CertificateSources.Load(arguments.All("cert"));
        IReadOnlyList<string> values;
        SipMessage? message = null;
        if (headerValue is not null)
        {
            values = [headerValue];
        }
        else
        {
            var parsed = SipMessage.TryParse(await InputFiles.ReadMessageAsync(messagePath!, context, SipParserOptions.Default.MaxMessageLength, cancellationToken).ConfigureAwait(false));
            if (!parsed.IsSuccess)
            {
                throw new UsageException($"--message: not a SIP message: {parsed.Error}");
            }

            message = parsed.Value;
            values = message.GetHeaderValues(SipHeaderNames.Identity);
        }

        var identities = values.Select(v => LegacyIdentity.IsLegacyValue(v) ? DecodeLegacy(v, message) : Decode(v)).ToList();
        var json = arguments.Has("json");
        var chains = InspectChains.Describe(values);
        await context.Out.WriteAsync(json ? ToJson(identities, certificates, chains) : ToText(identities, certificates) + string.Concat(chains.Select(c => $"Diversion chain  {c}{Environment.NewLine}"))).ConfigureAwait(false);
        return identities.Count > 0 && identities.All(i => i.Error is null) ? ExitCodes.Ok : ExitCodes.Failed;
    }

    private sealed record Decoded(string Value, IdentityHeader? Header, string? HeaderJson, string? ClaimsJson, string? Error)
    {
        public LegacyIdentity? Legacy { get; init; }

        public string? DigestString { get; init; }
    }

    /// <summary>An RFC 4474 Identity (RFC 4474 §9): the pair with the message's Identity-Info, and the digest-string of the message.</summary>
    private static Decoded DecodeLegacy(string value, SipMessage? message)
    {
        var parsed = LegacyIdentity.TryParse(value, message?.GetHeader(SipHeaderNames.IdentityInfo));
        if (!parsed.IsSuccess)
        {
            return new Decoded(value, null, null, null, $"not a valid RFC 4474 Identity/Identity-Info pair: {parsed.Error}");
        }

        string? digest = null;
        string? error = null;
        if (message is not null)
        {
            var built = LegacyDigestString.TryBuild(message);
            digest = built.IsSuccess ? built.Value.ToString() : null;
            error = built.IsSuccess ? null : $"the RFC 4474 digest-string cannot be built: {built.Error.Message}";
        }

        return new Decoded(value, null, null, null, error) { Legacy = parsed.Value, DigestString = digest };
    }

    private static Decoded Decode(string value)
    {
        var parsed = IdentityHeader.TryParse(value);
        if (!parsed.IsSuccess)
        {
            // Malformed parameters do not hide a token that decodes: show its header and claims too.
            var token = value.Split(';', 2)[0].Trim().Split('.');
            var (rawHeader, rawClaims) = token.Length == 3 ? (DecodeJson(token[0], out _), DecodeJson(token[1], out _)) : (null, null);
            return new Decoded(value, null, rawHeader, rawClaims, $"not an RFC 8224 Identity header: {parsed.Error}");
        }

        var header = parsed.Value;
        if (header.IsCompact)
        {
            return new Decoded(value, header, null, null, null);
        }

        var segments = header.Token.Split('.');
        var headerJson = DecodeJson(segments[0], out var headerError);
        var claimsJson = DecodeJson(segments[1], out var claimsError);
        var error = headerError is not null ? $"JOSE header: {headerError}" : claimsError is not null ? $"claims: {claimsError}" : null;
        return new Decoded(value, header, headerJson, claimsJson, error);
    }

    private static string? DecodeJson(string segment, out string? error)
    {
        if (!Base64Url.TryDecode(segment).TryGetValue(out var bytes))
        {
            error = "not strict base64url";
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(bytes);
            error = document.RootElement.ValueKind == JsonValueKind.Object ? null : "not a JSON object";
            return Encoding.UTF8.GetString(bytes);
        }
        catch (JsonException e)
        {
            error = $"not JSON: {e.Message}";
            return null;
        }
    }

    private static string ToJson(List<Decoded> identities, Dictionary<string, CertificateChain> certificates, IReadOnlyList<string> chains)
    {
        var buffer = new ArrayBufferWriter<byte>(2048);
        using (var writer = new Utf8JsonWriter(buffer, VerificationJson.Indented))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("identities");
            for (var i = 0; i < identities.Count; i++)
            {
                var identity = identities[i];
                writer.WriteStartObject();
                writer.WriteNumber("index", i);
                writer.WriteString("value", identity.Value);
                if (identity.Legacy is { } legacy)
                {
                    writer.WriteString("form", "legacy");
                    writer.WriteStartObject("legacy");
                    writer.WriteString("signature", legacy.Signature);
                    WriteNullableString(writer, "identityInfo", legacy.InfoUri);
                    writer.WriteString("alg", legacy.Alg ?? "rsa-sha1");
                    WriteNullableString(writer, "digestString", identity.DigestString);
                    writer.WriteEndObject();
                }

                if (identity.Header is { } header)
                {
                    writer.WriteString("form", header.IsCompact ? "compact" : "full");
                    writer.WriteStartObject("parameters");
                    foreach (var parameter in header.Parameters)
                    {
                        writer.WriteString(parameter.Key, parameter.Value);
                    }

                    writer.WriteEndObject();
                    writer.WriteString("signature", header.Token[(header.Token.LastIndexOf('.') + 1)..]);
                }

                WriteRaw(writer, "header", identity.HeaderJson);
                WriteRaw(writer, "claims", identity.ClaimsJson);
                if (identity.Header is { IsCompact: false } full && RichCallDataJson.Describe(full.Token) is { } rcd)
                {
                    writer.WriteString("rcd", rcd);
                }
                if (identity.Error is null)
                {
                    writer.WriteNull("error");
                }
                else
                {
                    writer.WriteString("error", identity.Error);
                }

                if ((identity.Header?.Info ?? identity.Legacy?.InfoUri) is { } info && certificates.TryGetValue(info, out var chain))
                {
                    writer.WritePropertyName("certificate");
                    WriteCertificate(writer, chain);
                }
                else
                {
                    writer.WriteNull("certificate");
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteStartArray("chains"); // RFC 8946 diversion chains, structure only, innermost first
            foreach (var chain in chains)
            {
                writer.WriteStringValue(chain);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan) + Environment.NewLine;
    }

    private static void WriteNullableString(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }

    private static void WriteRaw(Utf8JsonWriter writer, string name, string? json)
    {
        writer.WritePropertyName(name);
        if (json is null)
        {
            writer.WriteNullValue();
            return;
        }

        try
        {
            writer.WriteRawValue(json);
        }
        catch (JsonException)
        {
            writer.WriteStringValue(json);
        }
    }

    private static void WriteCertificate(Utf8JsonWriter writer, CertificateChain chain)
    {
        var leaf = chain.Leaf;
        writer.WriteStartObject();
        writer.WriteString("subject", leaf.Subject);
        writer.WriteString("issuer", leaf.Issuer);
        writer.WriteString("notBefore", Iso(leaf.NotBefore));
        writer.WriteString("notAfter", Iso(leaf.NotAfter));
        writer.WriteString("serialNumber", leaf.SerialNumber);
        var spc = Spc(leaf, out var tnAuthList);
        if (spc is null)
        {
            writer.WriteNull("spc");
        }
        else
        {
            writer.WriteString("spc", spc);
        }

        writer.WriteString("tnAuthList", tnAuthList);
        writer.WriteStartArray("chain");
        foreach (var certificate in chain.Certificates)
        {
            writer.WriteStringValue(certificate.Subject);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static string ToText(List<Decoded> identities, Dictionary<string, CertificateChain> certificates)
    {
        var text = new StringBuilder();
        if (identities.Count == 0)
        {
            text.AppendLine("no Identity header");
        }

        for (var i = 0; i < identities.Count; i++)
        {
            var identity = identities[i];
            if (identity.Legacy is { } legacy)
            {
                text.AppendLine($"Identity {i + 1} (legacy RFC 4474)")
                    .AppendLine($"  signature   {legacy.Signature}")
                    .AppendLine($"  info        {(legacy.InfoUri is null ? "(no Identity-Info header)" : "<" + legacy.InfoUri + ">")}")
                    .AppendLine($"  alg         {legacy.Alg ?? "rsa-sha1 (default)"}");
                if (identity.DigestString is not null)
                {
                    text.AppendLine($"  digest      {identity.DigestString.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)}");
                }

                if (legacy.InfoUri is not null && certificates.TryGetValue(legacy.InfoUri, out var legacyChain))
                {
                    text.AppendLine($"  certificate subject {legacyChain.Leaf.Subject}")
                        .AppendLine($"              issuer  {legacyChain.Leaf.Issuer}")
                        .AppendLine($"              valid   {Iso(legacyChain.Leaf.NotBefore)} .. {Iso(legacyChain.Leaf.NotAfter)}");
                }

                if (identity.Error is not null)
                {
                    text.AppendLine($"  error       {identity.Error}");
                }

                continue;
            }

            text.AppendLine($"Identity {i + 1}{(identity.Header is { } h ? h.IsCompact ? " (compact form)" : " (full form)" : string.Empty)}");
            if (identity.Header is { } header)
            {
                foreach (var parameter in header.Parameters)
                {
                    text.AppendLine($"  ;{parameter.Key,-10} {parameter.Value}");
                }

                text.AppendLine($"  {"header",-11} {identity.HeaderJson ?? "(not in the compact form)"}");
                text.AppendLine($"  {"claims",-11} {identity.ClaimsJson ?? "(not in the compact form)"}");
                if (!header.IsCompact && RichCallDataJson.Describe(header.Token) is { } rcd)
                {
                    text.AppendLine($"  {"rcd",-11} {rcd}");
                }
                if (certificates.TryGetValue(header.Info, out var chain))
                {
                    var leaf = chain.Leaf;
                    text.AppendLine($"  certificate subject {leaf.Subject}")
                        .AppendLine($"              issuer  {leaf.Issuer}")
                        .AppendLine($"              valid   {Iso(leaf.NotBefore)} .. {Iso(leaf.NotAfter)}")
                        .AppendLine($"              spc     {Spc(leaf, out var tnAuthList) ?? "(none)"}  TNAuthList {tnAuthList}")
                        .AppendLine($"              chain   {string.Join(" <- ", chain.Certificates.Select(c => c.Subject))}");
                }
            }
            else if (identity.HeaderJson is not null || identity.ClaimsJson is not null)
            {
                text.AppendLine($"  {"header",-11} {identity.HeaderJson ?? "(does not decode)"}");
                text.AppendLine($"  {"claims",-11} {identity.ClaimsJson ?? "(does not decode)"}");
            }

            if (identity.Error is not null)
            {
                text.AppendLine($"  error       {identity.Error}");
            }
        }

        return text.ToString();
    }

    private static string? Spc(X509Certificate2 leaf, out string summary)
    {
        var extension = leaf.Extensions[TnAuthList.Oid];
        if (extension is null)
        {
            summary = "(absent)";
            return null;
        }

        var decoded = TnAuthList.TryDecode(extension.RawData);
        if (decoded.Value is not { } list)
        {
            summary = $"(malformed: {decoded.Error.Message})";
            return null;
        }

        summary = list.ToString();
        return list.ServiceProviderCodes.Count > 0 ? list.ServiceProviderCodes[0] : null;
    }

    private static string Iso(DateTime time) => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
