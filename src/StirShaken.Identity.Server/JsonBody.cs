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
    /// A parsed request body over a pooled buffer (the document reads the buffer in place): dispose it to return both.
    /// </summary>
    internal sealed class Body(JsonDocument document, byte[] buffer) : IDisposable
    {
        private byte[]? _buffer = buffer;

        public JsonElement Root => document.RootElement;

        public void Dispose()
        {
            document.Dispose();
            if (Interlocked.Exchange(ref _buffer, null) is { } rented)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// Reads and parses the JSON body: 415 unless the media type is <c>application/json</c> (or <c>+json</c>), 413 beyond
    /// <paramref name="maxBytes"/>, 400 when it is not JSON. Never throws for bad input. The body is read into a pooled
    /// buffer that the returned <see cref="Body"/> gives back when disposed (no per-request buffer allocation).
    /// </summary>
    public static async Task<(Body? Body, Problem? Problem)> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (!IsJson(request.ContentType))
        {
            return (null, new Problem(StatusCodes.Status415UnsupportedMediaType, $"Content-Type must be application/json, not '{request.ContentType ?? "(none)"}'"));
        }

        if (request.ContentLength > maxBytes)
        {
            await DrainAsync(request, cancellationToken).ConfigureAwait(false);
            return (null, TooLarge(maxBytes));
        }

        // One byte more than the limit, so that an oversized body without Content-Length is seen.
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(request.ContentLength ?? 4096, maxBytes) + 1);
        var length = 0;
        Problem? problem = null;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length > maxBytes)
                    {
                        await DrainAsync(request, cancellationToken).ConfigureAwait(false);
                        problem = TooLarge(maxBytes);
                        break;
                    }

                    var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, maxBytes + 1));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                length += read;
            }

            if (problem is null && length > maxBytes)
            {
                problem = TooLarge(maxBytes);
            }
        }
        catch (BadHttpRequestException e)
        {
            // Kestrel's own limits and framing errors (413 over MaxRequestBodySize, 400 for a broken chunked body).
            problem = new Problem(e.StatusCode, e.Message);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }

        problem ??= length == 0 ? new Problem(StatusCodes.Status400BadRequest, "the request body is empty") : null;
        if (problem is null)
        {
            try
            {
                return (new Body(JsonDocument.Parse(buffer.AsMemory(0, length), DocumentOptions), buffer), null);
            }
            catch (JsonException e)
            {
                problem = new Problem(StatusCodes.Status400BadRequest, $"the body is not valid JSON: {e.Message}");
            }
        }

        ArrayPool<byte>.Shared.Return(buffer);
        return (null, problem);
    }

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 16 };

    /// <summary><c>application/json</c> or any <c>+json</c> media type, parameters ignored; no allocation.</summary>
    private static bool IsJson(string? contentType)
    {
        if (contentType is null)
        {
            return false;
        }

        var span = contentType.AsSpan();
        var semicolon = span.IndexOf(';');
        var mediaType = (semicolon < 0 ? span : span[..semicolon]).Trim();
        return mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Writes <c>{"error":"…"}</c> with <paramref name="status"/>.</summary>
    public static Task WriteErrorAsync(HttpContext context, int status, string error)
    {
        context.Response.StatusCode = status;
        return WriteAsync(context, error, static (writer, error) =>
        {
            writer.WriteStartObject();
            writer.WriteString("error", error);
            writer.WriteEndObject();
        });
    }

    /// <summary>Writes a JSON body (200 unless the status was set) with <c>Content-Type: application/json</c>.</summary>
    public static Task WriteAsync(HttpContext context, Action<Utf8JsonWriter> write) =>
        WriteAsync(context, write, static (writer, write) => write(writer));

    /// <summary>
    /// Writes a JSON body (200 unless the status was set) with <c>Content-Type: application/json</c> and its
    /// Content-Length. The JSON is written into this thread's reusable buffer and writer (no per-request writer or
    /// buffer), copied into the response pipe before the first await, then flushed.
    /// </summary>
    public static async Task WriteAsync<TState>(HttpContext context, TState state, Action<Utf8JsonWriter, TState> write)
    {
        var buffer = _threadBuffer ??= new ArrayBufferWriter<byte>(4096);
        var writer = _threadWriter ??= new Utf8JsonWriter(buffer, WriterOptions);
        try
        {
            write(writer, state);
            writer.Flush();
            context.Response.ContentType = "application/json";
            context.Response.ContentLength = buffer.WrittenCount;
            context.Response.BodyWriter.Write(buffer.WrittenSpan);
        }
        finally
        {
            // The buffer is free again before any await: another request on this thread may use it.
            if (buffer.Capacity > MaxRetainedBytes)
            {
                _threadBuffer = null;
                _threadWriter = null;
            }
            else
            {
                buffer.ResetWrittenCount();
                writer.Reset(buffer);
            }
        }

        await context.Response.BodyWriter.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    private const int MaxRetainedBytes = 64 * 1024;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? _threadBuffer;

    [ThreadStatic]
    private static Utf8JsonWriter? _threadWriter;

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
