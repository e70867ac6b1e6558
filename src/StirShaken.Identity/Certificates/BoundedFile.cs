using System.Runtime.InteropServices;

namespace StirShaken.Identity.Certificates;

/// <summary>
/// Reads an operator-supplied file (trust anchors, local CRLs) with a size bound, refusing anything that is
/// not a regular file (README "Hostile input"): a FIFO would block the open forever, a device such as
/// <c>/dev/zero</c> would never end. Errors are <see cref="InvalidDataException"/> naming the file.
/// </summary>
internal static class BoundedFile
{
    /// <summary>Reads <paramref name="path"/> whole when it is a regular file of at most <paramref name="maxBytes"/>.</summary>
    /// <exception cref="InvalidDataException">Not a regular file, or larger than <paramref name="maxBytes"/>.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static byte[] ReadAllBytes(string path, int maxBytes, string what)
    {
        if (DescribeNonRegular(path) is { } kind)
        {
            throw new InvalidDataException($"{what} '{path}' is {kind}, not a regular file.");
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        var buffer = new byte[Math.Min(maxBytes + 1L, stream.CanSeek ? Math.Max(stream.Length + 1, 1) : maxBytes + 1L)];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = stream.Read(buffer, total, buffer.Length - total)) > 0)
        {
            total += read;
        }

        if (total > maxBytes)
        {
            throw new InvalidDataException($"{what} '{path}' is larger than {maxBytes} bytes.");
        }

        return buffer.AsSpan(0, total).ToArray();
    }

    /// <summary>
    /// Null for a regular file (or when the type cannot be told: Windows, or a runtime without the native shim),
    /// else what it is ("a FIFO", "a character device"...). A missing path is left to the open, which reports it.
    /// </summary>
    public static string? DescribeNonRegular(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return Directory.Exists(path) ? "a directory" : null;
        }

        try
        {
            if (NativeMethods.SystemNative_Stat(path, out var status) != 0)
            {
                return null;
            }

            // S_IFMT values as normalised by the .NET runtime's System.Native shim (POSIX <sys/stat.h>).
            return (status.Mode & 0xF000) switch
            {
                0x8000 => null,
                0x4000 => "a directory",
                0x1000 => "a FIFO",
                0x2000 => "a character device",
                0x6000 => "a block device",
                0xC000 => "a socket",
                _ => "a special file",
            };
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    private static class NativeMethods
    {
        // The runtime's own portable stat (libSystem.Native ships with every .NET on Unix): a stable FileStatus
        // layout on every architecture, unlike libc's struct stat.
        [DllImport("libSystem.Native", EntryPoint = "SystemNative_Stat", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        internal static extern int SystemNative_Stat(string path, out FileStatus output);
    }

    [StructLayout(LayoutKind.Sequential, Size = 256)]
    private struct FileStatus
    {
        public int Flags;
        public int Mode;
    }
}
