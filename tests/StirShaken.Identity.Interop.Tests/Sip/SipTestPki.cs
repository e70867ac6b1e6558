using System.Text;
using StirShaken.Identity.Interop.Tests.Infrastructure;
using StirShaken.Identity.Passport;
using StirShaken.Identity.Signing;
using StirShaken.Identity.Sip;
using StirShaken.Identity.Testing;

namespace StirShaken.Identity.Interop.Tests.Sip;

/// <summary>An <see cref="InteropPki"/> plus the INVITEs the SIP tests send (to a port on 127.0.0.1).</summary>
internal sealed class SipTestPki : IDisposable
{
    /// <summary>An x5u our endpoint serves from memory (it satisfies X5uUrlPolicy: https, port 443).</summary>
    public const string X5u = InteropInvite.HttpsX5u;

    public const string OrigTn = InteropInvite.Orig;
    public const string DestTn = InteropInvite.Dest;

    private SipTestPki(string spc)
    {
        Files = new InteropPki(spc);
    }

    /// <summary>The PKI and its files in a temporary folder (shared with the CLI and secsipidx tests).</summary>
    public InteropPki Files { get; }

    public TestPki Pki => Files.Pki;

    public string Directory => Files.Directory;

    public string RootPath => Files.RootPem;

    public string ChainPath => Files.ChainPem;

    /// <summary>The leaf key as PKCS#8 PEM ("BEGIN PRIVATE KEY"); secsipid reads SEC1 and PKCS#8.</summary>
    public string KeyPath => Files.KeyPem;

    public static SipTestPki Create(string spc = "1234") => new(spc);

    /// <summary>An unsigned INVITE from +1 215 555 1212 to +1 212 555 1213 (CRLF line ends).</summary>
    public static string Invite(string callId, int targetPort, string? to = null, params string[] extraHeaders)
    {
        var builder = new StringBuilder()
            .Append("INVITE sip:+").Append(DestTn).Append("@127.0.0.1:").Append(targetPort).Append(";user=phone SIP/2.0\r\n")
            .Append("Via: SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bK").Append(callId).Append(";rport\r\n")
            .Append("Max-Forwards: 70\r\n")
            .Append("From: \"Alice\" <sip:+").Append(OrigTn).Append("@example.com;user=phone>;tag=1928301774\r\n")
            .Append("To: <sip:").Append(to ?? "+" + DestTn).Append("@example.net;user=phone>\r\n")
            .Append("Call-ID: ").Append(callId).Append("\r\n")
            .Append("CSeq: 1 INVITE\r\n")
            .Append("Contact: <sip:alice@127.0.0.1:9>\r\n");
        foreach (var header in extraHeaders)
        {
            builder.Append(header).Append("\r\n");
        }

        return builder.Append("Content-Length: 0\r\n\r\n").ToString();
    }

    /// <summary>The INVITE signed by this PKI's leaf (Identity + Date added by <see cref="PassportSigner.Sign(SipMessage, Attestation, string?, bool)"/>).</summary>
    public string SignedInvite(string callId, int targetPort, string x5u = X5u, DateTimeOffset? date = null, bool compact = false)
    {
        var extra = date is { } d ? new[] { "Date: " + SipDate.Format(d) } : [];
        using var signer = new PassportSigner(Pki.LeafKey, x5u);
        return signer.Sign(SipMessage.Parse(Invite(callId, targetPort, extraHeaders: extra)), Attestation.A, compact: compact).ToString();
    }

    /// <summary>Writes a message for sipsak -f: LF line ends (sipsak inserts the CRs itself).</summary>
    public string WriteForSipsak(string name, string message) => Files.Write(name, message.Replace("\r\n", "\n", StringComparison.Ordinal));

    public void Dispose() => Files.Dispose();
}
