using StirShaken.Identity.Certificates;

namespace StirShaken.Identity.Cli;

/// <summary>
/// Tells a regular file from a FIFO, a device, a socket or a directory before it is opened (README "Hostile input"):
/// opening a FIFO blocks until a writer appears, and a device such as <c>/dev/zero</c> never ends. The tool reads
/// regular files only (and stdin when the operator names <c>-</c>), with the library's own check.
/// </summary>
internal static class RegularFiles
{
    /// <summary>Throws <see cref="IOException"/> when <paramref name="path"/> exists and is not a regular file.</summary>
    public static void Require(string path)
    {
        if (BoundedFile.DescribeNonRegular(path) is { } kind)
        {
            throw new IOException($"'{path}' is {kind}, not a regular file");
        }
    }
}
