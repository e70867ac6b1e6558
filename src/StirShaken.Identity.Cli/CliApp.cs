using System.Text;
using StirShaken.Identity.Cli.Commands;

namespace StirShaken.Identity.Cli;

/// <summary>Dispatches to a command, prints help, and turns every error into one stderr line with exit code 2.</summary>
internal static class CliApp
{
    public const string Name = "stir-identity";

    private static readonly ICliCommand[] Commands = [new VerifyCommand(), new SignCommand(), new InspectCommand(), new TestPkiCommand(), new ServeCommand(), new BenchCommand()];

    public static async Task<int> RunAsync(string[] args, CliContext context, CancellationToken cancellationToken)
    {
        try
        {
            if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
            {
                context.Out.Write(GeneralHelp());
                return args.Length == 0 ? ExitCodes.Usage : ExitCodes.Ok;
            }

            if (args[0] is "--version" or "version")
            {
                context.Out.WriteLine($"{Name} {Version}");
                return ExitCodes.Ok;
            }

            var command = Commands.FirstOrDefault(c => c.Name == args[0])
                ?? throw new UsageException($"unknown command '{args[0]}'{Suggestions.DidYouMean(args[0], Commands.Select(c => c.Name))} (commands: {string.Join(", ", Commands.Select(c => c.Name))}; see --help)");
            var arguments = ParsedArguments.Parse(args[1..], command.Options);
            if (arguments.Help)
            {
                context.Out.Write(CommandHelp(command));
                return ExitCodes.Ok;
            }

            return await command.RunAsync(arguments, context, cancellationToken).ConfigureAwait(false);
        }
        catch (UsageException e)
        {
            return Error(context, e.Message);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return Error(context, "interrupted");
        }
#pragma warning disable CA1031 // The contract: one line on stderr and exit 2, never a stack trace.
        catch (Exception e)
#pragma warning restore CA1031
        {
            // The user sees what went wrong in our words, never .NET's exception type or "(Parameter 'x')" text.
            return Error(context, Suggestions.UserMessage(e));
        }
        finally
        {
            await context.Out.FlushAsync(cancellationToken.IsCancellationRequested ? CancellationToken.None : cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The tool's version (package version without the commit suffix).</summary>
    public static string Version
    {
        get
        {
            var informational = typeof(CliApp).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
                .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion ?? "unknown";
            var plus = informational.IndexOf('+', StringComparison.Ordinal);
            return plus < 0 ? informational : informational[..plus];
        }
    }

    private static int Error(CliContext context, string message)
    {
        context.Error.WriteLine($"{Name}: error: {message.ReplaceLineEndings(" ")}");
        return ExitCodes.Usage;
    }

    private static string GeneralHelp()
    {
        var text = new StringBuilder()
            .AppendLine($"{Name}: verify, sign and inspect SIP Identity headers (STIR/SHAKEN, RFC 8224/8588).")
            .AppendLine()
            .AppendLine($"Usage: {Name} <command> [options]      ({Name} <command> --help for details; {Name} --version)")
            .AppendLine()
            .AppendLine("Commands:");
        foreach (var command in Commands)
        {
            text.AppendLine($"  {command.Name,-10} {command.Summary}");
        }

        return text.AppendLine().AppendLine("Exit codes: 0 ok/verified, 1 verification failed, 2 usage or I/O error.").ToString();
    }

    private static string CommandHelp(ICliCommand command)
    {
        var text = new StringBuilder().AppendLine(command.Summary).AppendLine();
        foreach (var line in command.Usage.Split('\n'))
        {
            text.AppendLine($"Usage: {Name} {command.Name} {line}");
        }

        text.AppendLine().AppendLine("Options:");
        foreach (var option in command.Options)
        {
            var left = option.IsFlag ? $"--{option.Name}" : $"--{option.Name} {option.ValueName}";
            text.AppendLine($"  {left,-24} {option.Help}{(option.Repeatable ? " (repeatable)" : string.Empty)}");
        }

        text.AppendLine($"  {"-h, --help",-24} Show this help.");
        if (command.Notes.Length > 0)
        {
            text.AppendLine().Append(command.Notes);
            if (!command.Notes.EndsWith('\n'))
            {
                text.AppendLine();
            }
        }

        return text.ToString();
    }
}
