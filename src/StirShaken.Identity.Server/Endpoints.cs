using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StirShaken.Identity.Passport;
using StirShaken.Identity.Signing;
using StirShaken.Identity.Verification;

namespace StirShaken.Identity.Server;

/// <summary>
/// <c>POST /stir/v1/verification</c> and <c>POST /stir/v1/signing</c> (3GPP TS 24.229 Ms interface; ATIS-1000082 §8).
/// Verification outcomes are HTTP 200 with their SIP code in the body; only request-format problems use 4xx.
/// </summary>
internal sealed partial class Endpoints(StirShakenVerifier verifier, IOptions<ServerOptions> options, ILogger<Endpoints> logger, PassportSigner? signer = null)
{
    private readonly ServerOptions _options = options.Value;

    public async Task VerifyAsync(HttpContext context)
    {
        var (document, problem) = await JsonBody.ReadAsync(context.Request, _options.MaxRequestBodyBytes, context.RequestAborted).ConfigureAwait(false);
        if (problem is not null)
        {
            await JsonBody.WriteErrorAsync(context, problem.Status, problem.Error).ConfigureAwait(false);
            return;
        }

        VerificationRequest? request;
        using (document)
        {
            request = VerificationRequest.TryRead(document!.RootElement, out var error);
            if (request is null)
            {
                await JsonBody.WriteErrorAsync(context, StatusCodes.Status400BadRequest, error!).ConfigureAwait(false);
                return;
            }
        }

        Sip.SipMessage message;
        try
        {
            message = request.ToSipMessage(verifier.Options.Parser);
        }
        catch (ArgumentException e)
        {
            await JsonBody.WriteErrorAsync(context, StatusCodes.Status400BadRequest, $"the fields do not make a valid SIP request: {e.Message}").ConfigureAwait(false);
            return;
        }

        // The verification is not cancelled by the request's end: one caller's cancellation must not cancel a certificate
        // fetch that other requests share (single-flight), nor be cached as that URL's failure. Its own bounds are the
        // fetcher's timeouts (StirShaken:Fetcher:Timeout); the request waits for it at most RequestTimeout.
        VerificationResult result;
        var pending = verifier.VerifyAsync(message, CancellationToken.None);
        if (pending.IsCompletedSuccessfully)
        {
            result = pending.Result;
        }
        else
        {
            try
            {
                result = await pending.AsTask().WaitAsync(_options.RequestTimeout, context.RequestAborted).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                LogTimeout(logger, _options.RequestTimeout.TotalSeconds);
                await JsonBody.WriteAsync(context, writer => VerificationResponseWriter.WriteTimeout(writer, request, _options.RequestTimeout)).ConfigureAwait(false);
                return;
            }
            catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
            {
                return; // the client went away; the verification finishes on its own and fills the cache
            }
        }

        LogVerified(logger, result.Verstat, result.Failure?.StatusCode ?? 200, result.Failure?.Reason.ToString() ?? "none");
        EchoRequestId(context);
        await JsonBody.WriteAsync(context, writer => VerificationResponseWriter.Write(writer, request, result)).ConfigureAwait(false);
    }

    public async Task SignAsync(HttpContext context)
    {
        if (signer is null)
        {
            await JsonBody.WriteErrorAsync(context, StatusCodes.Status404NotFound, "signing is not enabled on this service (start it with --signing-key KEY.pem --x5u URL)").ConfigureAwait(false);
            return;
        }

        var (document, problem) = await JsonBody.ReadAsync(context.Request, _options.MaxRequestBodyBytes, context.RequestAborted).ConfigureAwait(false);
        if (problem is not null)
        {
            await JsonBody.WriteErrorAsync(context, problem.Status, problem.Error).ConfigureAwait(false);
            return;
        }

        SigningRequest request;
        using (document)
        {
            var read = SigningRequestReader.TryRead(document!.RootElement, out var error);
            if (read is null)
            {
                await JsonBody.WriteErrorAsync(context, StatusCodes.Status400BadRequest, error!).ConfigureAwait(false);
                return;
            }

            request = read;
        }

        string identity;
        try
        {
            identity = signer.CreateIdentityHeader(request);
        }
        catch (ArgumentException e)
        {
            await JsonBody.WriteErrorAsync(context, StatusCodes.Status400BadRequest, e.Message).ConfigureAwait(false);
            return;
        }

        EchoRequestId(context);
        await JsonBody.WriteAsync(context, writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartObject("signingResponse");
            writer.WriteString("identityHeader", identity);
            writer.WriteString("identity", identity); // ATIS-1000082 spelling (vermouth)
            writer.WriteEndObject();
            writer.WriteEndObject();
        }).ConfigureAwait(false);
    }

    /// <summary>ATIS-1000082 clients correlate by <c>X-RequestID</c>; it is echoed (bounded, visible ASCII only).</summary>
    private static void EchoRequestId(HttpContext context)
    {
        if (context.Request.Headers["X-RequestID"].ToString() is { Length: > 0 and <= 128 } id && id.All(c => c is > ' ' and < '\x7f'))
        {
            context.Response.Headers["X-RequestID"] = id;
        }
    }

    [LoggerMessage(1, LogLevel.Debug, "Verification answered: {Verstat} {Code} {Reason}")]
    private static partial void LogVerified(ILogger logger, string verstat, int code, string reason);

    [LoggerMessage(2, LogLevel.Warning, "Verification answered 436 after the request timeout of {Seconds} s")]
    private static partial void LogTimeout(ILogger logger, double seconds);
}

/// <summary>Reads a <c>signingRequest</c> (3GPP TS 24.229; ATIS-1000082): attest, orig, dest, iat, origid, ppt.</summary>
internal static class SigningRequestReader
{
    public static SigningRequest? TryRead(JsonElement root, out string? error)
    {
        error = null;
        var request = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("signingRequest", out var wrapped) ? wrapped : root;
        if (request.ValueKind != JsonValueKind.Object)
        {
            error = "the body must be a JSON object {\"signingRequest\":{...}}";
            return null;
        }

        if (String(request, "ppt") is { } ppt && ppt != "shaken")
        {
            error = $"ppt '{ppt}' cannot be signed by this service (shaken only)";
            return null;
        }

        Attestation? attestation = String(request, "attest") switch
        {
            "A" => Attestation.A,
            "B" => Attestation.B,
            "C" => Attestation.C,
            _ => null,
        };
        if (attestation is null)
        {
            error = "'attest' must be \"A\", \"B\" or \"C\"";
            return null;
        }

        var orig = Numbers(request, "orig");
        var dest = Numbers(request, "dest");
        if (orig is not { Count: 1 } || dest is not { Count: > 0 })
        {
            error = orig is not { Count: 1 } ? "'orig' must be {\"tn\":\"<number>\"}" : "'dest' must be {\"tn\":[\"<number>\", ...]}";
            return null;
        }

        DateTimeOffset? iat = null;
        if (request.TryGetProperty("iat", out var iatElement) && iatElement.ValueKind != JsonValueKind.Null)
        {
            if (iatElement.ValueKind != JsonValueKind.Number || !iatElement.TryGetInt64(out var seconds) || seconds is < 0 or > 253402300799)
            {
                error = "'iat' must be an integer number of seconds since 1970 (Unix time)";
                return null;
            }

            iat = DateTimeOffset.FromUnixTimeSeconds(seconds);
        }

        var origId = String(request, "origid");
        if (origId is not null && !Guid.TryParse(origId, out _))
        {
            error = "'origid' must be a UUID (ATIS-1000074 §5.2.4)";
            return null;
        }

        return new SigningRequest(orig[0], dest, attestation.Value) { IssuedAt = iat, OrigId = origId };
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static List<string>? Numbers(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var party) || party.ValueKind != JsonValueKind.Object || !party.TryGetProperty("tn", out var tn))
        {
            return null;
        }

        var list = new List<string>();
        foreach (var item in tn.ValueKind == JsonValueKind.Array ? tn.EnumerateArray() : Enumerable.Repeat(tn, 1))
        {
            if (item.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(item.GetString()))
            {
                return null;
            }

            list.Add(item.GetString()!);
        }

        return list;
    }
}
