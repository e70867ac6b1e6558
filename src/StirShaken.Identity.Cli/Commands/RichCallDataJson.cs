using System.Text;
using System.Text.Json;
using StirShaken.Identity.Passport;
using StirShaken.Identity.Server;
using StirShaken.Identity.Verification;

namespace StirShaken.Identity.Cli.Commands;

/// <summary>Rich Call Data (RFC 9795) in the CLI's output: the <c>"rcd"</c> object of <c>verify --json</c>, the summary lines, and <c>inspect</c>.</summary>
internal static class RichCallDataJson
{
    /// <summary>
    /// <c>"rcd"</c>: null when the call carries no (usable) RCD; else the object the HTTP service answers too
    /// (<see cref="RichCallDataJsonWriter.WriteValue"/>: nam, apn, icn, crn, jcard, verified, unverified, elements,
    /// ppt, passport, iss, displayName, fromDisplayName).
    /// </summary>
    public static void Write(Utf8JsonWriter writer, VerifiedRichCallData? rcd)
    {
        writer.WritePropertyName("rcd");
        if (rcd is null)
        {
            writer.WriteNullValue();
            return;
        }

        RichCallDataJsonWriter.WriteValue(writer, rcd);
    }

    /// <summary>The RCD lines of the readable <c>verify</c> summary.</summary>
    public static void Summary(StringBuilder text, VerifiedRichCallData? rcd)
    {
        if (rcd is null)
        {
            return;
        }

        text.AppendLine($"  rcd          {(rcd.IsSuccess ? "verified" : "NOT fully verified: " + string.Join(", ", rcd.Unverified))} ({rcd.Ppt} PASSporT)")
            .AppendLine($"    nam        {rcd.Name}  (From display-name: {rcd.DisplayName})");
        Line(text, "apn", rcd.AlternatePresentationNumber);
        Line(text, "icn", rcd.Icon);
        Line(text, "crn", rcd.CallReason);
        Line(text, "jcard fn", rcd.JCard?.FormattedName);
        foreach (var element in rcd.Elements.Where(e => e.State != RichCallDataElementState.Verified))
        {
            text.AppendLine($"    {element.Pointer,-10} {element.State}: {element.Detail}");
        }
    }

    /// <summary>For <c>inspect</c>: the RCD claims of a full-form token, or why they break RFC 9795; null when none.</summary>
    public static string? Describe(string token)
    {
        var decoded = PassportToken.TryParse(token);
        if (!decoded.IsSuccess || RichCallDataClaims.TryRead(decoded.Value.Claims) is not { } read)
        {
            return null;
        }

        if (!read.IsSuccess)
        {
            return $"INVALID (RFC 9795): {read.Error.Message}";
        }

        var rcd = read.Value;
        var parts = new List<string>();
        if (rcd.Rcd is { } data)
        {
            parts.Add($"nam=\"{data.Name}\"");
            Add(parts, "apn", data.AlternatePresentationNumber);
            Add(parts, "icn", data.Icon);
            Add(parts, "jcl", data.JCardUrl);
            Add(parts, "jcd fn", data.JCard?.FormattedName);
        }

        Add(parts, "crn", rcd.CallReason);
        Add(parts, "iss", rcd.Issuer);
        if (rcd.Integrity.Count > 0)
        {
            parts.Add($"rcdi {string.Join(" ", rcd.Integrity.Keys)}");
        }

        return string.Join("; ", parts);
    }

    private static void Add(List<string> parts, string name, string? value)
    {
        if (value is not null)
        {
            parts.Add($"{name}=\"{value}\"");
        }
    }

    private static void Line(StringBuilder text, string name, string? value)
    {
        if (value is not null)
        {
            text.AppendLine($"    {name,-10} {value}");
        }
    }
}
