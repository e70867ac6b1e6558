using System.Text.Json;

namespace StirShaken.Identity.Interop.Tests.Infrastructure;

/// <summary>Helpers to read the CLI's JSON output.</summary>
internal static class CliJson
{
    public static JsonElement Parse(ProcessResult result)
    {
        try
        {
            using var document = JsonDocument.Parse(result.StdOut);
            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            Assert.Fail($"stdout is not one JSON object ({e.Message}): {result}");
            throw;
        }
    }

    public static string? String(this JsonElement element, string name) =>
        element.GetProperty(name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;
}
