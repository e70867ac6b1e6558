namespace StirShaken.Identity.Interop.Tests.Infrastructure;

/// <summary>Runs the built <c>stir-identity</c> tool (copied to this project's output by the ProjectReference).</summary>
internal static class CliRunner
{
    private static readonly Lazy<string> Dll = new(() =>
    {
        var path = Path.Combine(AppContext.BaseDirectory, "stir-identity.dll");
        if (!File.Exists(path) || !File.Exists(Path.Combine(AppContext.BaseDirectory, "stir-identity.runtimeconfig.json")))
        {
            Assert.Fail($"stir-identity.dll (and its runtimeconfig) not found in {AppContext.BaseDirectory}: build the test project, which references src/StirShaken.Identity.Cli");
        }

        return path;
    });

    public static ProcessResult Run(params string[] arguments) => Run(arguments, stdin: null);

    public static ProcessResult Run(IEnumerable<string> arguments, string? stdin, TimeSpan? timeout = null, IReadOnlyDictionary<string, string>? environment = null) =>
        ProcessRunner.Run(ProcessRunner.DotNetHost, [Dll.Value, .. arguments], stdin, timeout, environment: environment);
}
