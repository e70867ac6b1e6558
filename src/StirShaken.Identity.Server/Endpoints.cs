using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StirShaken.Identity.Signing;
using StirShaken.Identity.Verification;

namespace StirShaken.Identity.Server;

/// <summary>
/// <c>POST /stir/v1/verification</c> and <c>POST /stir/v1/signing</c> (3GPP TS 24.229 Ms interface; ATIS-1000082 §8).
/// Verification outcomes are HTTP 200 with their SIP code in the body; only request-format problems use 4xx.
/// </summary>
internal sealed partial class Endpoints(StirShakenVerifier verifier, IOptions<ServerOptions> options, ILogger<Endpoints> logger, TimeProvider time, PassportSigner? signer = null)
{
    private readonly ServerOptions _options = options.Value;

    public async Task VerifyAsync(HttpContext context)
    {
        var (body, problem) = await JsonBody.ReadAsync(context.Request, _options.MaxRequestBodyBytes, context.RequestAborted).ConfigureAwait(false);
        if (problem is not null)
        {
            await JsonBody.WriteErrorAsync(context, problem.Status, problem.Error).ConfigureAwait(false);
            return;
        }

        VerificationRequest? request;
        using (body)
        {
            request = VerificationRequest.TryRead(body!.Root, out var error);
            if (request is null)
            {
                await JsonBody.WriteErrorAsync(context, StatusCodes.Status400BadRequest, error!).ConfigureAwait(false);
                return;
            }
        }

        // The library's header-list entry (no SIP text is built or re-parsed); a header the fields cannot form
        // (CR/LF, a name that is not a token) is the client's JSON at fault: 400, not a verification result.
        Sip.SipMessage message;
        try
        {
            message = Sip.SipMessage.Create(VerificationRequest.Method, request.RequestUriValue, request.ToHeaders(), request.Body);
        }
        catch (ArgumentException e)
        {
            await JsonBody.WriteErrorAsync(context, StatusCodes.Status400BadRequest, $"the fields do not make a valid SIP request: {e.Message}").ConfigureAwait(false);
            return;
        }

        // The request's end and the per-request timeout both cancel this request's wait. They never cancel a certificate
        // download other requests share, nor are cached as its failure (CachingCertificateSource: the shared download
        // runs under the fetcher's own timeout and fills the cache for the next requests).
        VerificationResult result;
        using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted))
        {
            deadline.CancelAfter(_options.RequestTimeout);
            try
            {
                result = await verifier.VerifyAsync(message, deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
            {
                return; // the client went away
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                LogTimeout(logger, _options.RequestTimeout.TotalSeconds);
                await JsonBody.WriteAsync(context, (request, _options.RequestTimeout), static (writer, state) => VerificationResponseWriter.WriteTimeout(writer, state.request, state.RequestTimeout)).ConfigureAwait(false);
                return;
            }
        }

        if (logger.IsEnabled(LogLevel.Debug))
        {
            LogVerified(logger, result.Verstat, result.Failure?.StatusCode ?? 200, result.Failure?.Reason.ToString() ?? "none");
        }

        EchoRequestId(context);
        await JsonBody.WriteAsync(context, (request, result), static (writer, state) => VerificationResponseWriter.Write(writer, state.request, state.result)).ConfigureAwait(false);
    }

    public async Task SignAsync(HttpContext context)
    {
        if (signer is null)
        {
            await JsonBody.WriteErrorAsync(context, StatusCodes.Status404NotFound, "signing is not enabled on this service (start it with --signing-key KEY.pem --x5u URL)").ConfigureAwait(false);
            return;
        }

        var (body, problem) = await JsonBody.ReadAsync(context.Request, _options.MaxRequestBodyBytes, context.RequestAborted).ConfigureAwait(false);
        if (problem is not null)
        {
            await JsonBody.WriteErrorAsync(context, problem.Status, problem.Error).ConfigureAwait(false);
            return;
        }

        SigningInput? request;
        using (body)
        {
            request = SigningRequestReader.TryRead(body!.Root, out var error);
            if (request is null)
            {
                await JsonBody.WriteErrorAsync(context, StatusCodes.Status400BadRequest, error!).ConfigureAwait(false);
                return;
            }
        }

        IReadOnlyList<string> identities;
        try
        {
            identities = request.Diversion is { } div ? div.Sign(signer, time) : [signer.CreateIdentityHeader(request.Shaken!)];
        }
        catch (ArgumentException e)
        {
            await JsonBody.WriteErrorAsync(context, StatusCodes.Status400BadRequest, e.Message).ConfigureAwait(false);
            return;
        }

        if (identities.Count == 0)
        {
            await JsonBody.WriteErrorAsync(context, StatusCodes.Status400BadRequest,
                "the new target (dest) is the number the call is diverted from: no div PASSporT is produced (RFC 8946 §3)").ConfigureAwait(false);
            return;
        }

        EchoRequestId(context);
        await JsonBody.WriteAsync(context, writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartObject("signingResponse");
            writer.WriteString("identityHeader", identities[0]);
            writer.WriteString("identity", identities[0]); // ATIS-1000082 spelling (vermouth)
            if (request.Diversion is not null)
            {
                // A retarget of several PASSporTs yields one div per (orig, dest) pair (RFC 8946 §4.1).
                writer.WriteStartArray("identityHeaders");
                foreach (var identity in identities)
                {
                    writer.WriteStringValue(identity);
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }).ConfigureAwait(false);
    }

    /// <summary>ATIS-1000082 clients correlate by <c>X-RequestID</c>; it is echoed (bounded, visible ASCII only).</summary>
    private static void EchoRequestId(HttpContext context)
    {
        if (context.Request.Headers["X-RequestID"].ToString() is { Length: > 0 and <= 128 } id && !id.AsSpan().ContainsAnyExceptInRange('!', '~'))
        {
            context.Response.Headers["X-RequestID"] = id;
        }
    }

    [LoggerMessage(1, LogLevel.Debug, "Verification answered: {Verstat} {Code} {Reason}")]
    private static partial void LogVerified(ILogger logger, string verstat, int code, string reason);

    [LoggerMessage(2, LogLevel.Warning, "Verification answered 436 after the request timeout of {Seconds} s")]
    private static partial void LogTimeout(ILogger logger, double seconds);
}
