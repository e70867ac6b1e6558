namespace StirShaken.Identity.Diagnostics;

/// <summary>Formatting of values that may appear in logs and traces without leaking private data.</summary>
internal static class LogFormat
{
    /// <summary>The authority (host and port) of <paramref name="url"/>, never its path; <c>(invalid URL)</c> when it is not absolute.</summary>
    public static string Host(string? url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.Authority : "(invalid URL)";
}
