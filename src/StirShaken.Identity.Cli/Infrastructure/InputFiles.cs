using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using StirShaken.Identity.Certificates;

namespace StirShaken.Identity.Cli;

/// <summary>Reads input files and turns every I/O problem into a one-line <see cref="UsageException"/>.</summary>
internal static class InputFiles
{
    public static byte[] ReadBytes(string path, string what)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new UsageException($"{what}: cannot read '{path}': {Describe(e)}", e);
        }
    }

    public static string ReadText(string path, string what)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new UsageException($"{what}: cannot read '{path}': {Describe(e)}", e);
        }
    }

    /// <summary>
    /// A SIP message from a file, or from stdin when <paramref name="path"/> is <c>-</c>, read up to one
    /// character past <paramref name="maxLength"/> (the parser's limit): a longer input is never held in
    /// memory whole, and the parser still reports it as too large.
    /// </summary>
    public static async Task<string> ReadMessageAsync(string path, CliContext context, int maxLength, CancellationToken cancellationToken)
    {
        if (path == "-")
        {
            return await ReadBoundedAsync(context.In, maxLength, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            return await ReadMessageFileAsync(path, maxLength, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new UsageException($"--message: cannot read '{path}': {Describe(e)}", e);
        }
    }

    /// <summary>A message file read like <see cref="ReadMessageAsync"/>; I/O exceptions propagate.</summary>
    public static async Task<string> ReadMessageFileAsync(string path, int maxLength, CancellationToken cancellationToken)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using (file.ConfigureAwait(false))
        {
            using var reader = new StreamReader(file, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 16 * 1024);
            return await ReadBoundedAsync(reader, maxLength, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<string> ReadBoundedAsync(TextReader reader, int maxLength, CancellationToken cancellationToken)
    {
        var limit = maxLength + 1;
        var buffer = ArrayPool<char>.Shared.Rent(limit);
        try
        {
            var total = 0;
            int read;
            while (total < limit && (read = await reader.ReadAsync(buffer.AsMemory(total, limit - total), cancellationToken).ConfigureAwait(false)) > 0)
            {
                total += read;
            }

            return new string(buffer, 0, total);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    /// <summary>Loads the STI-CA trust anchors (files or folders).</summary>
    public static TrustAnchorStore LoadTrustAnchors(IReadOnlyList<string> paths)
    {
        if (paths.Count == 0)
        {
            throw new UsageException("missing required option --trust-anchor (an STI-CA root PEM file or folder)");
        }

        try
        {
            return TrustAnchorStore.Load([.. paths]);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidDataException or CryptographicException)
        {
            throw new UsageException($"--trust-anchor: {Describe(e)}", e);
        }
    }

    /// <summary>An exception message on one line.</summary>
    public static string Describe(Exception e)
    {
        // Never .NET's "(Parameter 'x')" suffix: the user gave an option, not a parameter.
        var message = e is ArgumentException { ParamName: { } name } ? e.Message.Replace($" (Parameter '{name}')", string.Empty, StringComparison.Ordinal) : e.Message;
        return message.ReplaceLineEndings(" ").Trim();
    }
}
