using System.Text;
using StirShaken.Identity.Cli;

// stir-identity: verify, sign and inspect SIP Identity headers. Contract: README "Command-line tool".
using var stdout = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false), 1 << 16) { AutoFlush = false };
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

var context = new CliContext(stdout, Console.Error, () => Console.In);
return await CliApp.RunAsync(args, context, cancel.Token).ConfigureAwait(false);
