using StirShaken.Identity.Testing;

namespace StirShaken.Identity.Cli.Commands;

/// <summary><c>test-pki</c>: writes a throw-away STI PKI (tests and labs only).</summary>
internal sealed class TestPkiCommand : ICliCommand
{
    public string Name => "test-pki";

    public string Summary => "Write a throw-away test STI-CA root, intermediate, SP key and certificate (NEVER for production).";

    public string Usage => "--out DIR [--spc SPC]";

    public string Notes => "Writes root.pem, intermediate.pem, sp.pem, sp-key.pem and chain.pem (leaf then intermediate: serve it at x5u).\n";

    public IReadOnlyList<OptionSpec> Options { get; } =
    [
        new("out", "DIR", "Output folder (created when missing; files are overwritten)."),
        new("spc", "SPC", "Service provider code in the leaf's TNAuthList; default 1234."),
    ];

    public async Task<int> RunAsync(ParsedArguments arguments, CliContext context, CancellationToken cancellationToken)
    {
        var directory = arguments.Required("out");
        var spc = arguments.Single("spc") ?? "1234";
        TestPki pki;
        try
        {
            pki = TestPki.Create(spc);
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"--spc '{spc}': {InputFiles.Describe(e)}", e);
        }

        using (pki)
        {
            try
            {
                pki.WriteTo(directory);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                throw new UsageException($"--out: cannot write to '{directory}': {InputFiles.Describe(e)}", e);
            }

            try
            {
                // anchors/ holds only the root, so it can be given as --trust-anchor DIR (the key beside it is not a certificate).
                var anchors = Directory.CreateDirectory(Path.Combine(directory, "anchors")).FullName;
                File.Copy(Path.Combine(directory, "root.pem"), Path.Combine(anchors, "root.pem"), overwrite: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new UsageException($"--out: cannot write to '{directory}': {InputFiles.Describe(e)}", e);
            }

            foreach (var file in new[] { "root.pem", "intermediate.pem", "sp.pem", "sp-key.pem", "chain.pem", Path.Combine("anchors", "root.pem") })
            {
                await context.Out.WriteLineAsync(Path.Combine(directory, file)).ConfigureAwait(false);
            }

            await context.Out.WriteLineAsync($"SPC {pki.Spc}; leaf {pki.Leaf.Subject}; valid until {pki.Leaf.NotAfter.ToUniversalTime():u}").ConfigureAwait(false);
        }

        return ExitCodes.Ok;
    }
}
