using System.Text.Json;
using StirShaken.Identity.Verification;

namespace StirShaken.Identity.Server;

/// <summary>
/// The <c>"rcd"</c> object of a verified call's Rich Call Data (RFC 9795 §8), one shape for the HTTP service's
/// <c>verificationResponse</c> and the CLI's <c>verify --json</c> (README "HTTP service", "Rich Call Data").
/// </summary>
internal static class RichCallDataJsonWriter
{
    /// <summary>
    /// Writes the value of <c>"rcd"</c>: <c>nam</c>, <c>apn</c>, <c>icn</c>, <c>crn</c> (string or null), <c>jcard</c>
    /// (<c>fn</c>, <c>org</c>, <c>logo</c>[], <c>tel</c>[], or null), <c>verified</c> (every element's integrity
    /// checked, RFC 9795 §6), <c>unverified</c> (JSON pointers), <c>elements</c> (<c>pointer</c>, <c>state</c>,
    /// <c>uri</c>, <c>detail</c> per element with integrity), <c>ppt</c> and <c>passport</c> (the PASSporT that carried
    /// the RCD, <c>shaken</c> or <c>rcd</c>), <c>iss</c> (third party), <c>displayName</c> (the check of <c>nam</c>
    /// against the From display-name, RFC 9795 §12.2: Match, Mismatch, NoDisplayName, NotApplicable) and
    /// <c>fromDisplayName</c>.
    /// </summary>
    public static void WriteValue(Utf8JsonWriter writer, VerifiedRichCallData rcd)
    {
        writer.WriteStartObject();
        String(writer, "nam", rcd.Name);
        String(writer, "apn", rcd.AlternatePresentationNumber);
        String(writer, "icn", rcd.Icon);
        String(writer, "crn", rcd.CallReason);
        writer.WritePropertyName("jcard");
        if (rcd.JCard is { } card)
        {
            writer.WriteStartObject();
            String(writer, "fn", card.FormattedName);
            String(writer, "org", card.Organization);
            Strings(writer, "logo", card.Logos);
            Strings(writer, "tel", card.Telephones);
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteNullValue();
        }

        writer.WriteBoolean("verified", rcd.IsSuccess);
        Strings(writer, "unverified", rcd.Unverified);
        writer.WriteStartArray("elements");
        foreach (var element in rcd.Elements)
        {
            writer.WriteStartObject();
            writer.WriteString("pointer", element.Pointer);
            writer.WriteString("state", StateName(element.State));
            String(writer, "uri", element.Uri);
            String(writer, "detail", element.Detail);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteString("ppt", rcd.Ppt);
        writer.WriteString("passport", rcd.Passport.FullForm);
        String(writer, "iss", rcd.Claims.Issuer);
        writer.WriteString("displayName", DisplayNameCheckName(rcd.DisplayName));
        String(writer, "fromDisplayName", rcd.FromDisplayName);
        writer.WriteEndObject();
    }

    // Names without Enum.ToString (reflection-free, allocation-free); the enum member names.
    private static string StateName(RichCallDataElementState state) => state switch
    {
        RichCallDataElementState.Verified => nameof(RichCallDataElementState.Verified),
        RichCallDataElementState.DigestMismatch => nameof(RichCallDataElementState.DigestMismatch),
        RichCallDataElementState.DigestMissing => nameof(RichCallDataElementState.DigestMissing),
        RichCallDataElementState.DigestInvalid => nameof(RichCallDataElementState.DigestInvalid),
        RichCallDataElementState.PointerNotFound => nameof(RichCallDataElementState.PointerNotFound),
        RichCallDataElementState.NotFetched => nameof(RichCallDataElementState.NotFetched),
        RichCallDataElementState.FetchFailed => nameof(RichCallDataElementState.FetchFailed),
        _ => state.ToString(),
    };

    private static string DisplayNameCheckName(DisplayNameCheck check) => check switch
    {
        DisplayNameCheck.Match => nameof(DisplayNameCheck.Match),
        DisplayNameCheck.Mismatch => nameof(DisplayNameCheck.Mismatch),
        DisplayNameCheck.NoDisplayName => nameof(DisplayNameCheck.NoDisplayName),
        DisplayNameCheck.NotApplicable => nameof(DisplayNameCheck.NotApplicable),
        _ => check.ToString(),
    };

    private static void String(Utf8JsonWriter writer, string name, string? value)
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

    private static void Strings(Utf8JsonWriter writer, string name, IReadOnlyList<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }
}
