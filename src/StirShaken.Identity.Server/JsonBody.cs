using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace StirShaken.Identity.Server;

/// <summary>Reading request bodies within the size limit, and writing JSON answers and <c>{"error":…}</c> bodies.</summary>
internal static class JsonBody
{
    /// <summary>Relaxed escaping: the answers go to SBCs and scripts, never into HTML.</summary>
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A request body that could not be used: the HTTP status and the error text.</summary>
    internal sealed record Problem(int Status, string Error);

    /// <summary>
    /// Reads and parses the JSON body: 415 unless the media type is <c>application/json</c> (or <c>+json</c>), 413 beyond
    /// <paramref name="maxBytes"/>, 400 when it is not JSON. Never throws for bad input.
    /// </summary>
    public static async Task<(JsonDocument? Document, Problem? Problem)> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        var mediaType = request.ContentType?.Split(';', 2)[0].Trim();
        if (mediaType is null || !(mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase)))
        {
            return (null, new Problem(StatusCodes.Status415UnsupportedMediaType, $"Content-Type must be application/json, not '{request.ContentType ?? "(none)"}'"));
        }

        if (request.ContentLength > maxBytes)
        {
            await DrainAsync(request, cancellationToken).ConfigureAwait(false);
            return (null, TooLarge(maxBytes));
        }

        var buffer = new ArrayBufferWriter<byte>((int)Math.Min(request.ContentLength ?? 4096, maxBytes) + 1);
        try
        {
            while (true)
            {
                var memory = buffer.GetMemory(4096);
                var read = await request.Body.ReadAsync(memory, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                buffer.Advance(read);
                if (buffer.WrittenCount > maxBytes)
                {
                    await DrainAsync(request, cancellationToken).ConfigureAwait(false);
                    return (null, TooLarge(maxBytes));
                }
            }
        }
        catch (BadHttpRequestException e)
        {
            // Kestrel's own limits and framing errors (413 over MaxRequestBodySize, 400 for a broken chunked body).
            return (null, new Problem(e.StatusCode, e.Message));
        }

        if (buffer.WrittenCount == 0)
        {
            return (null, new Problem(StatusCodes.Status400BadRequest, "the request body is empty"));
        }

        try
        {
            return (JsonDocument.Parse(buffer.WrittenMemory, new JsonDocumentOptions { MaxDepth = 16 }), null);
        }
        catch (JsonException e)
        {
            return (null, new Problem(StatusCodes.Status400BadRequest, $"the body is not valid JSON: {e.Message}"));
        }
    }

    /// <summary>Writes <c>{"error":"…"}</c> with <paramref name="status"/>.</summary>
    public static Task WriteErrorAsync(HttpContext context, int status, string error)
    {
        context.Response.StatusCode = status;
        return WriteAsync(context, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("error", error);
            writer.WriteEndObject();
        });
    }

    /// <summary>Writes a JSON body (200 unless the status was set) with <c>Content-Type: application/json</c>.</summary>
    public static async Task WriteAsync(HttpContext context, Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(2048);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(writer);
        }

        context.Response.ContentType = "application/json";
        context.Response.ContentLength = buffer.WrittenCount;
        await context.Response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>
    /// The hard cap Kestrel enforces (<c>MaxRequestBodySize</c>). Up to it, an oversized body is read and discarded before
    /// the 413 goes out, so that a client still sending does not lose the answer to a connection reset; beyond it Kestrel
    /// closes the connection.
    /// </summary>
    public const int DrainLimitBytes = 1024 * 1024;

    private static async Task DrainAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > DrainLimitBytes)
        {
            return;
        }

        var scratch = ArrayPool<byte>.Shared.Rent(8192);
        try
        {
            while (await request.Body.ReadAsync(scratch, cancellationToken).ConfigureAwait(false) > 0)
            {
            }
        }
        catch (BadHttpRequestException)
        {
            // Over Kestrel's cap or a broken framing: the connection is closed after the answer.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    private static Problem TooLarge(int maxBytes) =>
        new(StatusCodes.Status413PayloadTooLarge, $"the request body is larger than {maxBytes} bytes (StirShaken:Server:MaxRequestBodyBytes)");
}
