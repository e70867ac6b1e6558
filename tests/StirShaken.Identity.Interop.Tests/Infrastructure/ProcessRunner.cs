using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace StirShaken.Identity.Interop.Tests.Infrastructure;

/// <summary>The outcome of a finished process.</summary>
internal sealed record ProcessResult(int ExitCode, string StdOut, string StdErr)
{
    /// <summary>stdout then stderr (sipsak prints replies on either).</summary>
    public string Output => StdOut + StdErr;

    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{StdOut}\n--- stderr ---\n{StdErr}";
}

/// <summary>
/// Runs the processes the tests start: short-lived ones to completion (killed and failed on timeout),
/// and stops long-running ones by their own id. Also finds executables and free ports.
/// </summary>
internal static class ProcessRunner
{
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The dotnet host running the tests (dotnet test sets DOTNET_HOST_PATH), else 'dotnet' on PATH.</summary>
    public static string DotNetHost
    {
        get
        {
            if (Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet")
            {
                return self;
            }

            return Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
        }
    }

    /// <summary>Runs <paramref name="fileName"/> to completion; kills it (whole tree) and fails the test after <paramref name="timeout"/> (default 60 s).</summary>
    public static ProcessResult Run(string fileName, IEnumerable<string> arguments, string? stdin = null, TimeSpan? timeout = null, string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        var command = $"{fileName} {string.Join(' ', info.ArgumentList)}";
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {command}");
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            try
            {
                if (stdin is not null)
                {
                    process.StandardInput.Write(stdin);
                }

                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // The process exited (or closed stdin) before reading all of it: its exit code tells.
            }

            if (!process.WaitForExit(timeout ?? TimeSpan.FromSeconds(60)))
            {
                Assert.Fail($"{command} timed out");
            }

            // Output may still be draining: bounded, in case a grandchild holds the pipes.
            if (!Task.WhenAll(stdout, stderr).Wait(DrainTimeout))
            {
                Assert.Fail($"{command}: its output did not end within {DrainTimeout.TotalSeconds} s of its exit");
            }

            return new ProcessResult(process.ExitCode, stdout.Result, stderr.Result);
        }
        finally
        {
            Kill(process);
        }
    }

    /// <summary>Sends SIGTERM to a process we started (by its id), then kills it (whole tree) if it has not exited after <paramref name="grace"/>.</summary>
    public static void Stop(Process process, TimeSpan grace)
    {
        if (process.HasExited)
        {
            return;
        }

        using (var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", process.Id.ToString(CultureInfo.InvariantCulture) }, UseShellExecute = false }))
        {
            kill?.WaitForExit(5_000);
        }

        if (!process.WaitForExit(grace))
        {
            Kill(process);
        }
    }

    /// <summary>The full path of an executable on PATH or in the usual system folders (sbin too), or null.</summary>
    public static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/sbin", "/usr/bin", "/sbin", "/usr/local/sbin", "/usr/local/bin"])
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists);

    /// <summary>A TCP port on 127.0.0.1 that was free a moment ago.</summary>
    public static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A UDP port on 127.0.0.1 that was free a moment ago.</summary>
    public static int FreeUdpPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }
    }
}
