using System.Globalization;

namespace StirShaken.Identity.Cli.Commands;

/// <summary>
/// <c>bench</c>: an operator's sizing tool (README "Performance"). Full verifications of distinct freshly signed
/// INVITEs on a warm certificate cache, against the raw platform ECDSA P-256 verification of the same signatures in
/// the same run, printed as <c>key=value</c> lines.
/// </summary>
internal sealed class BenchCommand : ICliCommand
{
    private const int DefaultSeconds = 10;
    private const int DefaultMessages = 1000;

    public string Name => "bench";

    public string Summary => "Measure verifications per second on this machine against raw ECDSA P-256 (sizing; throw-away PKI, no network).";

    public string Usage => "[--seconds N] [--threads N] [--messages N]";

    public string Notes =>
        "Signs N distinct INVITEs with a throw-away in-memory PKI, warms the certificate cache, then alternates two loops\n" +
        "on the same threads, each for --seconds in total (the run takes about twice that): the full VerifyAsync, and the\n" +
        "platform's ECDsa.VerifyData over the same signing inputs and signatures. Prints key=value lines:\n" +
        "messages, seconds, threads, verify_per_second, ecdsa_verify_per_second, ratio (verify / ecdsa),\n" +
        "allocated_bytes_per_verify, p50_us, p99_us (per-verification latency, microseconds).\n" +
        "No result cache: every verification is a full one. Other work on the machine lowers both rates.\n";

    public IReadOnlyList<OptionSpec> Options { get; } =
    [
        new("seconds", "N", $"Seconds spent in each loop (verify and raw ECDSA); default {DefaultSeconds}."),
        new("threads", "N", "Threads running each loop; default the processor count."),
        new("messages", "N", $"Distinct signed INVITEs to cycle through; default {DefaultMessages}."),
        new("write-identities", "DIR", "Also write the Identity header values (identities.txt, one per line) and the signer's public key (signer-public.pem) to DIR, for another verifier's loop over the same signatures (README \"Performance\")."),
    ];

    public async Task<int> RunAsync(ParsedArguments arguments, CliContext context, CancellationToken cancellationToken)
    {
        var seconds = PositiveInt(arguments, "seconds", DefaultSeconds, 24 * 3600);
        var threads = PositiveInt(arguments, "threads", Environment.ProcessorCount, 1024);
        var messages = PositiveInt(arguments, "messages", DefaultMessages, 1_000_000);

        using var workload = BenchWorkload.Create(messages);
        if (arguments.Single("write-identities") is { } directory)
        {
            workload.WritePeerInputs(directory);
        }

        var report = workload.Run(TimeSpan.FromSeconds(seconds), threads, cancellationToken);

        var invariant = CultureInfo.InvariantCulture;
        var lines = new[]
        {
            $"messages={messages}",
            $"seconds={seconds}",
            $"threads={threads}",
            string.Create(invariant, $"verify_per_second={report.VerifyPerSecond:F0}"),
            string.Create(invariant, $"ecdsa_verify_per_second={report.EcdsaPerSecond:F0}"),
            string.Create(invariant, $"ratio={report.Ratio:F3}"),
            string.Create(invariant, $"allocated_bytes_per_verify={report.AllocatedBytesPerVerify:F0}"),
            string.Create(invariant, $"p50_us={report.P50Microseconds:F1}"),
            string.Create(invariant, $"p99_us={report.P99Microseconds:F1}"),
        };
        foreach (var line in lines)
        {
            await context.Out.WriteLineAsync(line).ConfigureAwait(false);
        }

        return ExitCodes.Ok;
    }

    private static int PositiveInt(ParsedArguments arguments, string name, int defaultValue, int max)
    {
        var text = arguments.Single(name);
        if (text is null)
        {
            return defaultValue;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= 1 && value <= max
            ? value
            : throw new UsageException($"--{name} expects a whole number from 1 to {max}, got '{text}'");
    }
}
