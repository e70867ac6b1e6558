using System.Diagnostics;

namespace StirShaken.Identity.Interop.Tests.Infrastructure;

/// <summary>A long-running process we started: its output lines are captured; it is stopped by its own id.</summary>
internal class BackgroundProcess : IDisposable
{
    private readonly List<string> _lines = [];
    private readonly Process _process;
    private bool _disposed;

    protected BackgroundProcess(string fileName, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        CommandLine = fileName + " " + string.Join(' ', info.ArgumentList);
        _process = new Process { StartInfo = info };
        _process.OutputDataReceived += (_, e) => Add(e.Data);
        _process.ErrorDataReceived += (_, e) => Add(e.Data);
        if (!_process.Start())
        {
            throw new InvalidOperationException($"could not start {CommandLine}");
        }

        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string CommandLine { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    public string Output => string.Join('\n', Lines);

    /// <summary>Waits for an output line matching <paramref name="predicate"/>; fails the test after <paramref name="timeout"/>.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> predicate, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            var line = Lines.FirstOrDefault(predicate);
            if (line is not null)
            {
                return line;
            }

            if (_process.HasExited)
            {
                // Let the output readers drain, then look once more.
                _process.WaitForExit(1_000);
                line = Lines.FirstOrDefault(predicate);
                if (line is not null)
                {
                    return line;
                }

                Assert.Fail($"{what}: the process exited with {_process.ExitCode} first.\n{this}");
            }

            await Task.Delay(50).ConfigureAwait(false);
        }

        Assert.Fail($"{what}: no such output line within {timeout.TotalSeconds} s.\n{this}");
        return string.Empty;
    }

    /// <summary>SIGTERM, then kill after a grace period. Returns whether it exited on SIGTERM.</summary>
    public bool Stop(TimeSpan grace)
    {
        if (_process.HasExited)
        {
            return true;
        }

        ProcessRunner.Stop(_process, grace);
        if (_process.HasExited)
        {
            // The parameterless WaitForExit also waits for the redirected output to drain; bound it anyway.
            Task.Run(() => _process.WaitForExit()).Wait(TimeSpan.FromSeconds(5));
        }

        return _process.HasExited;
    }

    public override string ToString() => $"$ {CommandLine}\n{Output}";

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (disposing)
        {
            try
            {
                Stop(TimeSpan.FromSeconds(5));
            }
            finally
            {
                _process.Dispose();
            }
        }
    }

    private void Add(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lines)
        {
            _lines.Add(line);
        }
    }
}
