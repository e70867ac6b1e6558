namespace StirShaken.Identity.Interop.Tests.Infrastructure;

/// <summary>Runs <c>stir-identity verify --json</c> on one message with the PKI's anchor and chain.</summary>
internal static class CliVerify
{
    public static ProcessResult Json(InteropPki pki, string message, string x5u, long at, string? chainPem = null, string? trustAnchor = null)
    {
        var file = pki.Write($"msg-{Guid.NewGuid():N}.sip", message);
        return CliRunner.Run("verify", "--message", file, "--trust-anchor", trustAnchor ?? pki.RootPem,
            "--cert", $"{x5u}={chainPem ?? pki.ChainPem}", "--at", at.ToString(System.Globalization.CultureInfo.InvariantCulture), "--json");
    }
}
