using System.Globalization;
using StirShaken.Identity.Interop.Tests.Infrastructure;

namespace StirShaken.Identity.Interop.Tests.Sip;

/// <summary>
/// A Kamailio 5.6 instance in the foreground (-DD -E) on udp:127.0.0.1:PORT with a generated config,
/// its own run folder (-Y, -w, -P), stopped by its PID. Independent of any system kamailio service.
/// </summary>
internal sealed class KamailioProcess : BackgroundProcess
{
    private KamailioProcess(string kamailio, string config, string runDirectory)
        : base(kamailio, ["-f", config, "-DD", "-E", "-m", "64", "-M", "8", "-P", Path.Combine(runDirectory, "kamailio.pid"), "-Y", runDirectory, "-w", runDirectory])
    {
        ConfigPath = config;
    }

    public int Port { get; private set; }

    public string ConfigPath { get; }

    /// <summary>
    /// The config header every instance shares: listen, no TCP/SCTP, and the modules the brief names.
    /// secsipid_proc.so is NOT loaded: secsipid.so loads it per child process itself.
    /// </summary>
    public static string Header(int port, string modules, params string[] libopts)
    {
        var text = $$"""
            #!KAMAILIO
            debug=2
            log_stderror=yes
            children=2
            disable_tcp=yes
            disable_sctp=yes
            auto_aliases=no
            listen=udp:127.0.0.1:{{port}}
            loadpath "{{modules}}/"
            loadmodule "sl.so"
            loadmodule "pv.so"
            loadmodule "xlog.so"
            loadmodule "textops.so"
            loadmodule "secsipid.so"

            """;
        foreach (var libopt in libopts)
        {
            text += $"modparam(\"secsipid\", \"libopt\", \"{libopt}\")\n";
        }

        return text;
    }

    /// <summary>Writes <paramref name="config"/> (with the {PORT} placeholder) and starts Kamailio; waits until it answers OPTIONS.</summary>
    public static async Task<KamailioProcess> StartAsync(Func<int, string, string> config, string directory)
    {
        var kamailio = SipInteropTools.RequireExecutable("kamailio");
        var modules = SipInteropTools.RequireKamailioModules();
        var run = Directory.CreateDirectory(Path.Combine(directory, "kamailio-" + Guid.NewGuid().ToString("N")[..8])).FullName;
        var port = ProcessRunner.FreeUdpPort();
        var path = Path.Combine(run, "kamailio.cfg");
        await File.WriteAllTextAsync(path, config(port, modules)).ConfigureAwait(false);

        var process = new KamailioProcess(kamailio, path, run) { Port = port };
        try
        {
            await SipInteropTools.WaitUntilAnswersAsync(port, TimeSpan.FromSeconds(20), () => $"{process}\n--- config ---\n{File.ReadAllText(path)}").ConfigureAwait(false);
            return process;
        }
        catch
        {
            process.Dispose();
            throw;
        }
    }

    public override string ToString() => base.ToString() + $"\n(udp 127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}, config {ConfigPath})";
}
