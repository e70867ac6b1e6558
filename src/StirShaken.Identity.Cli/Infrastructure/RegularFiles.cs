using System.Runtime.InteropServices;

namespace StirShaken.Identity.Cli;

/// <summary>
/// Tells a regular file from a FIFO, a device, a socket or a directory before it is opened (README "Hostile input"):
/// opening a FIFO blocks until a writer appears, and a device such as <c>/dev/zero</c> never ends. The tool reads
/// regular files only (and stdin when the operator names <c>-</c>).
/// </summary>
internal static class RegularFiles
{
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

    /// <summary>Throws <see cref="IOException"/> when <paramref name="path"/> exists and is not a regular file.</summary>
    public static void Require(string path)
    {
        if (DescribeNonRegular(path) is { } kind)
        {
            throw new IOException($"'{path}' is {kind}, not a regular file");
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
