using System.Text;
using System.Text.Json;
using StirShaken.Identity.Verification;

namespace StirShaken.Identity.Cli.Commands;

/// <summary>
/// The <c>diversions</c> array of <c>verify --json</c> (README "Retargeted calls (301/302, forwarding)"): one object
/// per diversion hop, innermost first, of the chain that verified the call, else of every chain found.
/// </summary>
internal static class DiversionJson
{
    public static void Write(Utf8JsonWriter writer, VerificationResult result)
    {
        writer.WriteStartArray("diversions");
        foreach (var (chain, hop) in Hops(result))
        {
            writer.WriteStartObject();
            writer.WriteString("from", hop.From?.ToString());
            writer.WriteStartArray("to");
            foreach (var to in hop.To)
            {
                writer.WriteStringValue(to);
            }

            writer.WriteEndArray();
            writer.WriteNumber("iat", hop.IssuedAt);
            WriteNullable(writer, "spc", hop.Spc);
            WriteNullable(writer, "hi", hop.HistoryInfoIndex);
            writer.WriteNumber("header", hop.HeaderIndex);
            var verified = chain.IsSuccess;
            writer.WriteBoolean("verified", verified);
            WriteNullable(writer, "reason", verified ? null : (hop.Failure ?? chain.Failure)?.Reason.ToString() ?? chain.Status.ToString());
            WriteNullable(writer, "diagnostic", verified ? null : (hop.Failure ?? chain.Failure)?.Diagnostic);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    /// <summary>Summary lines: "diverted from B to C (spc 5678)" per hop of the verifying chain, or each failed diversion.</summary>
    public static string Summary(VerificationResult result)
    {
        var text = new StringBuilder();
        foreach (var (chain, hop) in Hops(result))
        {
            var state = chain.IsSuccess ? $"spc {hop.Spc}" : $"NOT VERIFIED: {(hop.Failure ?? chain.Failure)?.Reason.ToString() ?? chain.Status.ToString()}";
            text.AppendLine($"  diverted     from {hop.From} to {string.Join(", ", hop.To)} ({state})");
        }

        return text.ToString();
    }

    private static IEnumerable<(DiversionChain Chain, DiversionHop Hop)> Hops(VerificationResult result)
    {
        var chains = result.Diversion is { } verified ? [verified] : result.Diversions;
        var seen = new HashSet<(int, int)>();
        foreach (var chain in chains)
        {
            foreach (var hop in chain.Hops)
            {
                if (seen.Add((hop.HeaderIndex, hop.NestingLevel)))
                {
                    yield return (chain, hop);
                }
            }
        }
    }

    private static void WriteNullable(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }
}
