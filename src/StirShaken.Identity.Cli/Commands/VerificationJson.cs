using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using StirShaken.Identity.Sip;
using StirShaken.Identity.Verification;

namespace StirShaken.Identity.Cli.Commands;

/// <summary>The <c>verify --json</c> object (README contract) and the human-readable summary.</summary>
internal static class VerificationJson
{
    /// <summary>Relaxed escaping: the output is read by tools and people, never embedded in HTML.</summary>
    public static readonly JsonWriterOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static readonly JsonWriterOptions Indented = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = true };

    /// <summary>The JSON object; <c>response</c> is the failure response to <paramref name="request"/> (null when it did not parse or passed).</summary>
    public static string Format(VerificationResult result, SipMessage? request, string? file, JsonWriterOptions options)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, options))
        {
            Write(writer, result, request, file);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>A batch line for a file that could not be read (exit code 2 at the end).</summary>
    public static string FormatError(string file, string error)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, Compact))
        {
            WriteError(writer, file, error);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Writes the batch line of a file that could not be read (see <see cref="FormatError"/>).</summary>
    public static void WriteError(Utf8JsonWriter writer, string file, string error)
    {
        writer.WriteStartObject();
        writer.WriteString("file", file);
        writer.WriteBoolean("verified", false);
        writer.WriteString("error", error);
        writer.WriteEndObject();
    }

    /// <summary>Writes the JSON object of <see cref="Format"/> (<c>file</c> first when not null).</summary>
    public static void Write(Utf8JsonWriter writer, VerificationResult result, SipMessage? request, string? file)
    {
        var failure = result.Failure;
        writer.WriteStartObject();
        if (file is not null)
        {
            writer.WriteString("file", file);
        }

        writer.WriteBoolean("verified", result.IsSuccess);
        writer.WriteNumber("statusCode", failure?.StatusCode ?? 200);
        writer.WriteString("reasonPhrase", failure?.ReasonPhrase ?? "OK");
        WriteNullable(writer, "reason", failure?.Reason.ToString());
        WriteNullable(writer, "diagnostic", failure?.Diagnostic);
        writer.WriteString("verstat", result.Verstat);
        WriteNullable(writer, "attestation", result.Attestation?.ToString());
        WriteNullable(writer, "orig", result.Orig);
        writer.WriteStartArray("dest");
        foreach (var tn in result.Dest)
        {
            writer.WriteStringValue(tn);
        }

        writer.WriteEndArray();
        WriteNullable(writer, "origid", result.OrigId);
        WriteNullable(writer, "spc", result.Spc);
        if (result.Passport is { } passport)
        {
            writer.WriteNumber("iat", passport.Claims.IssuedAt);
        }
        else
        {
            writer.WriteNull("iat");
        }

        WriteNullable(writer, "signer", result.SignerCertificate?.Subject);
        WriteLegacy(writer, result.LegacyIdentity);
        DiversionJson.Write(writer, result);
        WriteNullable(writer, "response", FailureResponse(result, request)?.ToString());
        RichCallDataJson.Write(writer, result.RichCallData);
        writer.WriteEndObject();
    }

    /// <summary>The readable summary printed without <c>--json</c>.</summary>
    public static string Summary(VerificationResult result, SipMessage? request)
    {
        var text = new StringBuilder();
        if (result.IsSuccess && result.LegacyIdentity is { } legacy)
        {
            text.AppendLine($"VERIFIED  {result.Verstat} (legacy RFC 4474, {legacy.Algorithm})")
                .AppendLine($"  from         {legacy.FromAddrSpec}")
                .AppendLine($"  domain       {legacy.Domain}")
                .AppendLine($"  signer       {result.SignerCertificate?.Subject}");
            return text.ToString();
        }

        if (result.IsSuccess)
        {
            text.AppendLine($"VERIFIED  {result.Verstat}")
                .AppendLine($"  attestation  {result.Attestation}")
                .AppendLine($"  orig         {result.Orig}")
                .AppendLine($"  dest         {string.Join(", ", result.Dest)}")
                .AppendLine($"  origid       {result.OrigId}")
                .AppendLine($"  spc          {result.Spc}")
                .AppendLine($"  signer       {result.SignerCertificate?.Subject}")
                .Append(DiversionJson.Summary(result));
            RichCallDataJson.Summary(text, result.RichCallData);
            return text.ToString();
        }

        var failure = result.Failure!;
        text.AppendLine($"FAILED  {failure.StatusCode} {failure.ReasonPhrase} ({failure.Reason})")
            .AppendLine($"  verstat      {result.Verstat}")
            .AppendLine($"  diagnostic   {failure.Diagnostic}")
            .Append(DiversionJson.Summary(result));
        if (FailureResponse(result, request) is { } response)
        {
            text.AppendLine().AppendLine("Response:").Append(response.ToString());
        }

        return text.ToString();
    }

    /// <summary>The failure response a SIP stack would send (RFC 3261 §8.2.6), when the request parsed and failed.</summary>
    private static SipResponse? FailureResponse(VerificationResult result, SipMessage? request) =>
        result.Failure is not null && request is { IsRequest: true } ? result.CreateFailureResponse(request) : null;

    /// <summary><c>legacy</c>: null, or the RFC 4474 pair that decided (README "Legacy RFC 4474 (Identity-Info)").</summary>
    private static void WriteLegacy(Utf8JsonWriter writer, LegacyIdentityVerification? legacy)
    {
        if (legacy is null)
        {
            writer.WriteNull("legacy");
            return;
        }

        writer.WriteStartObject("legacy");
        WriteNullable(writer, "from", legacy.FromAddrSpec);
        WriteNullable(writer, "domain", legacy.Domain);
        WriteNullable(writer, "identityInfo", legacy.Identity?.InfoUri);
        WriteNullable(writer, "alg", legacy.Algorithm);
        WriteNullable(writer, "digestString", legacy.DigestString?.ToString());
        writer.WriteEndObject();
    }

    private static void WriteNullable(Utf8JsonWriter writer, string name, string? value)
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
}
