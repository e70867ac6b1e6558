using StirShaken.Identity.Passport;
using StirShaken.Identity.Signing;
using StirShaken.Identity.Sip;

namespace StirShaken.Identity.Interop.Tests.Infrastructure;

/// <summary>A PKI plus signed INVITEs at a fixed time, for CLI contract tests.</summary>
internal sealed class CliFixturePki : IDisposable
{
    /// <summary>The fixed verification time: the test run's start (the test PKI is valid from one day before).</summary>
    public static readonly long Now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    public CliFixturePki()
    {
        Files = new InteropPki("1234");
        Signer = new PassportSigner(Files.Pki.LeafKey, InteropInvite.HttpsX5u, new InteropClock(Now));
    }

    public InteropPki Files { get; }

    public PassportSigner Signer { get; }

    public string CertArgument => $"{InteropInvite.HttpsX5u}={Files.ChainPem}";

    public string SignedInvite(Attestation attestation = Attestation.A, string? callId = null) =>
        Signer.Sign(SipMessage.Parse(InteropInvite.Create(DateTimeOffset.FromUnixTimeSeconds(Now), callId: callId ?? "a84b4c76e66710@pc33.example.com")), attestation, "123e4567-e89b-12d3-a456-426655440000").ToString();

    /// <summary>A signed INVITE whose signature no longer matches (one signature character changed).</summary>
    public string TamperedInvite()
    {
        var signed = SignedInvite();
        var start = signed.IndexOf(";info=", StringComparison.Ordinal) - 10;
        var replacement = signed[start] == 'A' ? 'B' : 'A';
        return string.Concat(signed.AsSpan(0, start), replacement.ToString(), signed.AsSpan(start + 1));
    }

    public string[] VerifyArguments(string message, bool json = true)
    {
        string[] arguments = ["verify", "--message", message, "--trust-anchor", Files.RootPem, "--cert", CertArgument, "--at", Now.ToString(System.Globalization.CultureInfo.InvariantCulture)];
        return json ? [.. arguments, "--json"] : arguments;
    }

    public void Dispose()
    {
        Signer.Dispose();
        Files.Dispose();
    }
}
