using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using StirShaken.Identity.Certificates;

namespace StirShaken.Identity.Cli;

/// <summary>Reads input files and turns every I/O problem into a one-line <see cref="UsageException"/>.</summary>
internal static class InputFiles
{
    /// <summary>Largest key file (<c>sign --key</c>): 64 KiB; a P-256 PKCS#8 PEM is about 250 bytes.</summary>
    public const int MaxKeyBytes = 64 * 1024;

    /// <summary>Largest certificate chain file (<c>verify --cert URL=FILE</c>): 64 KiB, the fetcher's x5u body cap.</summary>
    public const int MaxChainBytes = 64 * 1024;

    /// <summary>Largest logo file (<c>sign --rcd-icon-file</c>): 256 KiB, the verifier's RCD image fetch cap.</summary>
    public const int MaxIconBytes = 256 * 1024;

    /// <summary>
    /// A regular file of at most <paramref name="maxBytes"/>, whole. FIFOs, devices and directories are refused
    /// before they are opened; a longer file is refused after reading one byte past the limit.
    /// </summary>
    public static byte[] ReadBytes(string path, string what, int maxBytes)
    {
        try
        {
            RegularFiles.Require(path);
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
            var buffer = new byte[maxBytes + 1];
            var total = 0;
            int read;
            while (total < buffer.Length && (read = stream.Read(buffer, total, buffer.Length - total)) > 0)
            {
                total += read;
            }

            return total > maxBytes
                ? throw new UsageException($"{what}: '{path}' is larger than {maxBytes} bytes")
                : buffer.AsSpan(0, total).ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new UsageException($"{what}: cannot read '{path}': {Describe(e)}", e);
        }
    }

    /// <summary>A UTF-8 text file read like <see cref="ReadBytes"/>.</summary>
    public static string ReadText(string path, string what, int maxBytes)
    {
        // Decoded as File.ReadAllText does: UTF-8 unless a byte-order mark says otherwise.
        using var reader = new StreamReader(new MemoryStream(ReadBytes(path, what, maxBytes)), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }

    /// <summary>
    /// Refuses a URL holding a control character (C0, DEL, C1) or a space: printed into a header (sign) or sent in a
    /// request, CR/LF would inject header lines (RFC 3986 §2 has no such characters; RFC 8224 §4.1 info is a URI).
    /// </summary>
    public static string RequirePrintableUrl(string url, string what)
    {
        var at = url.AsSpan().IndexOfAny(ControlOrSpace);
        return at < 0
            ? url
            : throw new UsageException($"{what}: the URL holds a control character or space (U+{(int)url[at]:X4}) at position {at}");
    }

    private static readonly System.Buffers.SearchValues<char> ControlOrSpace = System.Buffers.SearchValues.Create(
        string.Concat(Enumerable.Range(0, 0x21).Select(c => (char)c)) + string.Concat(Enumerable.Range(0x7F, 0x21).Select(c => (char)c)));

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

    /// <summary>
    /// A message file read like <see cref="ReadMessageAsync"/>; I/O exceptions propagate, and a path that is not a
    /// regular file (FIFO, device, directory) is an <see cref="IOException"/> before anything is opened.
    /// </summary>
    public static async Task<string> ReadMessageFileAsync(string path, int maxLength, CancellationToken cancellationToken)
    {
        // A FIFO or device named *.sip would block the open (or never end): regular files only.
        RegularFiles.Require(path);
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

    /// <summary>
    /// Loads the STI-CA trust anchors (files or folders), or with <paramref name="option"/> another anchor option's:
    /// regular files of at most <see cref="TrustAnchorStore.MaxFileBytes"/> each (the library refuses FIFOs, devices
    /// and larger files).
    /// </summary>
    public static TrustAnchorStore LoadTrustAnchors(IReadOnlyList<string> paths, string option = "--trust-anchor")
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
            throw new UsageException($"{option}: {Describe(e)}", e);
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
