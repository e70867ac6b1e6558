using System.Text.Json;
using StirShaken.Identity.Passport;
using StirShaken.Identity.Sip;
using StirShaken.Identity.Verification;

namespace StirShaken.Identity.Server;

/// <summary>
/// Writes the <c>verificationResponse</c> (3GPP TS 24.229 Ms; README "HTTP service"): <c>verstatValue</c>, one
/// <c>verifyResult</c> per Identity header of the request (<c>ppt</c>, <c>status</c> pass/fail, on fail the integer SIP
/// <c>reasonCode</c> with <c>reasonText</c>, <c>reasonDescription</c> and <c>passport</c>, on pass <c>validClaims</c>),
/// <c>divResult</c> for div PASSporTs, and the echoed <c>requestId</c>/<c>displayName</c>. A request in ATIS-1000082
/// spelling also gets <c>verstat</c>, <c>reasoncode</c>, <c>reasontext</c> and <c>reasondesc</c>.
/// </summary>
internal static class VerificationResponseWriter
{
    /// <summary>The answer to a finished verification.</summary>
    public static void Write(Utf8JsonWriter writer, VerificationRequest request, VerificationResult result)
    {
        writer.WriteStartObject();
        writer.WriteStartObject("verificationResponse");
        writer.WriteString("verstatValue", result.Verstat);
        writer.WriteStartArray("verifyResults");
        var count = 1 + request.OtherIdentityHeaders.Count;
        for (var i = 0; i < count; i++)
        {
            writer.WriteStartObject();
            writer.WriteStartObject("verifyResult");
            WriteOutcome(writer, i, i == 0 ? request.IdentityHeader : request.OtherIdentityHeaders[i - 1], Outcome(result, i), result);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        WriteDivResults(writer, result);
        if (result.RichCallData is { } rcd)
        {
            // RFC 9795 §8: the Rich Call Data of the call that passed (the same object as the CLI's verify --json).
            writer.WritePropertyName("rcd");
            RichCallDataJsonWriter.WriteValue(writer, rcd);
        }

        WriteEcho(writer, request);
        if (request.AtisSpelling)
        {
            writer.WriteString("verstat", result.Verstat);
            if (result.Failure is { } failure)
            {
                writer.WriteNumber("reasoncode", failure.StatusCode);
                writer.WriteString("reasontext", failure.ReasonPhrase);
                writer.WriteString("reasondesc", failure.Diagnostic);
            }
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>
    /// The answer when <see cref="ServerOptions.RequestTimeout"/> elapsed first: every PASSporT fails with
    /// 436 Bad Identity Info and the verstat is No-TN-Validation (the check could not finish; ATIS-1000074 §5.3.1 treats
    /// an unreachable certificate as 436).
    /// </summary>
    public static void WriteTimeout(Utf8JsonWriter writer, VerificationRequest request, TimeSpan timeout)
    {
        var description = $"the verification did not finish within the service's request timeout of {timeout.TotalSeconds:0.###} s "
            + "(a slow or hung certificate or CRL server). Fix: publish the certificate at a reachable info URL";
        writer.WriteStartObject();
        writer.WriteStartObject("verificationResponse");
        writer.WriteString("verstatValue", Verstat.NoValidation);
        writer.WriteStartArray("verifyResults");
        foreach (var value in request.AllIdentityHeaders)
        {
            writer.WriteStartObject();
            writer.WriteStartObject("verifyResult");
            WritePpt(writer, ParameterPpt(value));
            WriteFailure(writer, SipStatus.BadIdentityInfo, description, value);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        WriteEcho(writer, request);
        if (request.AtisSpelling)
        {
            writer.WriteString("verstat", Verstat.NoValidation);
            writer.WriteNumber("reasoncode", SipStatus.BadIdentityInfo.Code);
            writer.WriteString("reasontext", SipStatus.BadIdentityInfo.ReasonPhrase);
            writer.WriteString("reasondesc", description);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static IdentityHeaderOutcome? Outcome(VerificationResult result, int index)
    {
        foreach (var outcome in result.Headers)
        {
            if (outcome.Index == index)
            {
                return outcome;
            }
        }

        return null;
    }

    private static void WriteOutcome(Utf8JsonWriter writer, int index, string value, IdentityHeaderOutcome? outcome, VerificationResult result)
    {
        WritePpt(writer, outcome?.Ppt ?? ParameterPpt(value));
        if (outcome is { Status: IdentityHeaderStatus.Verified, Passport: { } passport })
        {
            writer.WriteString("status", "pass");
            writer.WritePropertyName("validClaims");
            WritePayload(writer, passport);
            return;
        }

        if (outcome?.Failure is { } failure)
        {
            WriteFailure(writer, failure.Status, failure.Diagnostic, value);
            return;
        }

        // RFC 4474 (README "Legacy RFC 4474 (Identity-Info)", serve --legacy-trust-anchor): a pass carries the
        // verified pair instead of PASSporT claims; the verstat stays No-TN-Validation (no TN is attested).
        if (result.LegacyIdentity is { IsSuccess: true } legacy && Parsing.LegacyIdentity.IsLegacyValue(value))
        {
            writer.WriteString("status", "pass");
            writer.WriteStartObject("legacy");
            writer.WriteString("from", legacy.FromAddrSpec);
            writer.WriteString("domain", legacy.Domain);
            writer.WriteString("identityInfo", legacy.Identity?.InfoUri);
            writer.WriteString("alg", legacy.Algorithm);
            writer.WriteEndObject();
            return;
        }

        // Not verified on its own: skipped (a ppt without rules, RFC 8224 §6.2 step 1), a legacy RFC 4474 value, or
        // beyond VerifierOptions.MaxIdentityHeaders. The request-level failure tells why when it concerns this header.
        if (result.Failure is { } requestFailure && (index == 0 || outcome is not null) && result.Headers.All(o => o.Failure is null))
        {
            WriteFailure(writer, requestFailure.Status, requestFailure.Diagnostic, value);
            return;
        }

        var why = outcome is { Status: IdentityHeaderStatus.Skipped }
            ? $"the PASSporT type '{outcome.Ppt ?? "(none)"}' is not verified by this service; the header was ignored (RFC 8224 §6.2 step 1)"
            : "the Identity header was not examined (a legacy RFC 4474 value, or more headers than the service examines)";
        WriteFailure(writer, SipStatus.InvalidIdentityHeader, why, value);
    }

    private static void WritePpt(Utf8JsonWriter writer, string? ppt)
    {
        if (ppt is null)
        {
            writer.WriteNull("ppt");
        }
        else
        {
            writer.WriteString("ppt", ppt);
        }
    }

    private static void WriteFailure(Utf8JsonWriter writer, SipStatus status, string description, string value)
    {
        writer.WriteString("status", "fail");
        writer.WriteNumber("reasonCode", status.Code);
        writer.WriteString("reasonText", status.ReasonPhrase);
        writer.WriteString("reasonDescription", description);
        var semicolon = value.IndexOf(';', StringComparison.Ordinal);
        writer.WriteString("passport", (semicolon < 0 ? value : value[..semicolon]).Trim());
    }

    private static void WriteDivResults(Utf8JsonWriter writer, VerificationResult result)
    {
        // No allocation for the common call without div PASSporTs.
        var started = false;
        foreach (var div in result.Headers)
        {
            if (div.Ppt != PassportTypes.Div)
            {
                continue;
            }

            if (!started)
            {
                writer.WriteStartArray("divResult");
                started = true;
            }

            writer.WriteStartObject();
            if (div.Passport is { } passport && Payload(passport) is { } payload)
            {
                using (payload)
                {
                    if (payload.RootElement.TryGetProperty("div", out var claim))
                    {
                        writer.WritePropertyName("div");
                        claim.WriteTo(writer);
                    }
                }
            }

            writer.WriteString("verstatValue", div.Status switch
            {
                IdentityHeaderStatus.Verified => Verstat.Passed,
                IdentityHeaderStatus.Failed => Verstat.Failed,
                _ => Verstat.NoValidation,
            });
            writer.WriteEndObject();
        }

        if (started)
        {
            writer.WriteEndArray();
        }
    }

    private static void WriteEcho(Utf8JsonWriter writer, VerificationRequest request)
    {
        if (request.RequestId is { } requestId)
        {
            writer.WritePropertyName("requestId");
            requestId.WriteTo(writer);
        }

        if (request.DisplayName is { } displayName)
        {
            writer.WriteString("displayName", displayName);
        }
    }

    /// <summary>The PASSporT claims as signed (RFC 8225 §5), as a JSON object: the decoded payload copied as is (no DOM).</summary>
    private static void WritePayload(Utf8JsonWriter writer, PassportToken passport)
    {
        var segment = passport.PayloadSegment;
        var rented = System.Buffers.ArrayPool<byte>.Shared.Rent(System.Buffers.Text.Base64Url.GetMaxDecodedLength(segment.Length));
        try
        {
            if (System.Buffers.Text.Base64Url.TryDecodeFromChars(segment, rented, out var written))
            {
                // A verified PASSporT's payload is a JSON object (RFC 8225 §5); the writer still checks it.
                writer.WriteRawValue(rented.AsSpan(0, written));
                return;
            }
        }
        catch (JsonException)
        {
            // not JSON after all: written as {} below
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(rented);
        }

        writer.WriteStartObject();
        writer.WriteEndObject();
    }

    private static JsonDocument? Payload(PassportToken passport)
    {
        try
        {
            return JsonDocument.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(passport.PayloadSegment));
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return null;
        }
    }

    /// <summary>The <c>ppt</c> parameter of an Identity header value, for headers the verifier did not reach.</summary>
    private static string? ParameterPpt(string value)
    {
        var at = value.IndexOf(";ppt=", StringComparison.OrdinalIgnoreCase);
        if (at < 0)
        {
            return null;
        }

        var ppt = value[(at + 5)..];
        var end = ppt.IndexOf(';', StringComparison.Ordinal);
        return (end < 0 ? ppt : ppt[..end]).Trim().Trim('"');
    }
}
