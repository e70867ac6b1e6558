using System.Globalization;
using StirShaken.Identity.Interop.Tests.Infrastructure;

namespace StirShaken.Identity.Interop.Tests.Sip;

/// <summary>The real samples/SipEndpoint program (dotnet SipEndpoint.dll), listening on a free UDP port.</summary>
internal sealed class SipEndpointProcess : BackgroundProcess
{
    private SipEndpointProcess(IEnumerable<string> arguments)
        : base(ProcessRunner.DotNetHost, arguments)
    {
    }

    /// <summary>The UDP port the endpoint bound.</summary>
    public int Port { get; private set; }

    // The sample runs from its own build output: the test folder holds the assemblies resolved for this test
    // project (which also references ASP.NET Core through the CLI), not necessarily those the sample needs
    // on the plain .NET runtime. Same configuration and target framework as this test assembly.
    private static string SampleDll()
    {
        var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = testBin.Name;
        var configuration = testBin.Parent?.Name ?? "Release";
        var repository = testBin.Parent?.Parent?.Parent?.Parent?.Parent?.FullName;
        var own = repository is null ? null : Path.Combine(repository, "samples", "SipEndpoint", "bin", configuration, framework, "SipEndpoint.dll");
        return own is not null && File.Exists(own) ? own : Path.Combine(AppContext.BaseDirectory, "SipEndpoint.dll");
    }

    /// <summary>Starts the endpoint with its certificate URLs served from the files in <paramref name="certificates"/>.</summary>
    public static async Task<SipEndpointProcess> StartAsync(string trustAnchorPath, IReadOnlyDictionary<string, string> certificates, params string[] extraArguments)
    {
        var dll = SampleDll();
        if (!File.Exists(dll))
        {
            Assert.Fail($"{dll} is missing: the test project must reference samples/SipEndpoint");
        }

        var arguments = new List<string> { dll, "--listen", "127.0.0.1:0", "--trust-anchor", trustAnchorPath };
        foreach (var (url, path) in certificates)
        {
            arguments.Add("--cert");
            arguments.Add(url + "=" + path);
        }

        arguments.AddRange(extraArguments);
        var endpoint = new SipEndpointProcess(arguments);
        try
        {
            var line = await endpoint.WaitForLineAsync(l => l.StartsWith("listening on udp ", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "SipEndpoint start").ConfigureAwait(false);
            var address = line["listening on udp ".Length..].Split(' ')[0];
            endpoint.Port = int.Parse(address[(address.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture);
            return endpoint;
        }
        catch
        {
            endpoint.Dispose();
            throw;
        }
    }

    /// <summary>The endpoint's log line for the request with this Call-ID and method.</summary>
    public Task<string> WaitForRequestLineAsync(string method, string callId, TimeSpan? timeout = null) =>
        WaitForLineAsync(l => l.Contains($" {method} {callId} ", StringComparison.Ordinal) && l.Contains(" -> ", StringComparison.Ordinal),
            timeout ?? TimeSpan.FromSeconds(20), $"SipEndpoint log line for {method} {callId}");
}
