using System.Security.Cryptography;
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

    /// <summary>A SIP message from a file, or from stdin when <paramref name="path"/> is <c>-</c>.</summary>
    public static string ReadMessage(string path, CliContext context) =>
        path == "-" ? context.In.ReadToEnd() : ReadText(path, "--message");

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
    public static string Describe(Exception e) => e.Message.ReplaceLineEndings(" ").Trim();
}
