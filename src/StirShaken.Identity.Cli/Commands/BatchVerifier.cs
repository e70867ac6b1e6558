using System.Buffers;
using System.Text;
using System.Text.Json;
using StirShaken.Identity.Sip;
using StirShaken.Identity.Verification;

namespace StirShaken.Identity.Cli.Commands;

/// <summary>
/// <c>verify --batch</c> (README "Performance"): the names are listed and sorted (ordinal) first; then one worker thread
/// per processor reads a file into its own buffer, verifies it and writes its JSON line with its own
/// <see cref="Utf8JsonWriter"/>, while one writer puts the lines on stdout in name order through a buffered stream.
/// A <see cref="ReorderWindow{T}"/> of a fixed number of files sits between them, so memory does not grow with the
/// folder (beyond the sorted names).
/// </summary>
internal sealed class BatchVerifier(StirShakenVerifier verifier, CliContext context)
{
    /// <summary>
    /// Files per worker that may be done or in work ahead of the writer (a JSON line is under 1 KB): enough that a worker
    /// the OS preempts on a busy machine does not stall the others at once.
    /// </summary>
    internal const int WindowPerWorker = 128;

    private const int OutputBufferBytes = 64 * 1024;

    public async Task<int> RunAsync(string directory, CancellationToken cancellationToken)
    {
        var names = List(directory);
        var workers = Math.Max(1, Math.Min(Environment.ProcessorCount, names.Length));
        var window = new ReorderWindow<Line>(names.Length, workers * WindowPerWorker);
        using var cancel = cancellationToken.Register(window.Cancel);

        var threads = new Thread[workers];
        for (var i = 0; i < workers; i++)
        {
            threads[i] = new Thread(() => Work(directory, names, window, cancellationToken)) { IsBackground = true, Name = "verify-batch" };
            threads[i].Start();
        }

        try
        {
            return await WriteAsync(window).ConfigureAwait(false);
        }
        finally
        {
            window.Cancel(); // stops the workers when the writer failed; a no-op once every file is written
            foreach (var thread in threads)
            {
                thread.Join();
            }
        }
    }

    /// <summary>One worker: takes the next file from the window until none is left.</summary>
    private void Work(string directory, string[] names, ReorderWindow<Line> window, CancellationToken cancellationToken)
    {
        try
        {
            using var reader = new MessageFileReader(verifier.Options.Parser.MaxMessageLength);
            var json = new ArrayBufferWriter<byte>(2048);
            using var writer = new Utf8JsonWriter(json, VerificationJson.Compact);
            long index;
            while ((index = window.Next()) >= 0)
            {
                json.ResetWrittenCount();
                writer.Reset();
                var (verified, error) = VerifyFile(Path.Combine(directory, names[index]), names[index], reader, writer, cancellationToken);
                writer.Flush();
                window.Complete(index, Line.Copy(json.WrittenSpan, verified, error));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            window.Cancel();
        }
#pragma warning disable CA1031 // Any failure of a worker ends the run: the writer rethrows it (one stderr line, exit 2).
        catch (Exception e)
#pragma warning restore CA1031
        {
            window.Fail(e);
        }
    }

    private (bool Verified, bool Error) VerifyFile(string path, string name, MessageFileReader reader, Utf8JsonWriter writer, CancellationToken cancellationToken)
    {
        string text;
        try
        {
            text = reader.Read(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            var error = $"cannot read '{path}': {InputFiles.Describe(e)}";
            context.Error.WriteLine($"{CliApp.Name}: error: {error}");
            VerificationJson.WriteError(writer, name, error);
            return (false, true);
        }

        // The request is kept so that a failure line carries the response a SIP stack would send.
        var parsed = SipMessage.TryParse(text, verifier.Options.Parser);
        var request = parsed.IsSuccess ? parsed.Value : null;
        var pending = request is not null ? verifier.VerifyAsync(request, cancellationToken) : verifier.VerifyAsync(text, cancellationToken);

        // A warm certificate cache completes synchronously; a fetch blocks this worker only (the writer and the others go on).
        var result = pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();
        VerificationJson.Write(writer, result, request, name);
        return (result.IsSuccess, false);
    }

    /// <summary>The writer: lines in name order, as UTF-8 bytes on the standard output's stream (buffered).</summary>
    private async Task<int> WriteAsync(ReorderWindow<Line> window)
    {
        bool anyFailed = false, anyError = false;
        Stream? output = null;
        if (context.Out is StreamWriter { BaseStream: { CanWrite: true } stream } text)
        {
            await text.FlushAsync().ConfigureAwait(false);
            output = new BufferedStream(stream, OutputBufferBytes);
        }

        while (window.TryTake(out var line))
        {
            try
            {
                anyFailed |= !line.Verified;
                anyError |= line.Error;
                if (output is not null)
                {
                    output.Write(line.Bytes, 0, line.Length);
                }
                else
                {
                    await context.Out.WriteAsync(Encoding.UTF8.GetString(line.Bytes, 0, line.Length)).ConfigureAwait(false);
                }
            }
            finally
            {
                line.Return();
            }
        }

        if (output is not null)
        {
            await output.FlushAsync().ConfigureAwait(false); // not disposed: that would close stdout
        }

        return anyError ? ExitCodes.Usage : anyFailed ? ExitCodes.Failed : ExitCodes.Ok;
    }

    private static string[] List(string directory)
    {
        try
        {
            var options = new EnumerationOptions { MatchCasing = MatchCasing.CaseSensitive, RecurseSubdirectories = false, IgnoreInaccessible = false };
            var names = Directory.EnumerateFiles(directory, "*.sip", options)
                .Select(path => Path.GetFileName(path))
                .Where(name => name.EndsWith(".sip", StringComparison.Ordinal))
                .ToArray();
            Array.Sort(names, StringComparer.Ordinal);
            return names;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--batch: cannot list '{directory}': {InputFiles.Describe(e)}", e);
        }
    }

    /// <summary>One JSON line (with its newline) in a pooled buffer, returned to the pool once written.</summary>
    private readonly record struct Line(byte[] Bytes, int Length, bool Verified, bool Error)
    {
        public static Line Copy(ReadOnlySpan<byte> json, bool verified, bool error)
        {
            var bytes = ArrayPool<byte>.Shared.Rent(json.Length + 1);
            json.CopyTo(bytes);
            bytes[json.Length] = (byte)'\n';
            return new Line(bytes, json.Length + 1, verified, error);
        }

        public void Return() => ArrayPool<byte>.Shared.Return(Bytes);
    }
}
