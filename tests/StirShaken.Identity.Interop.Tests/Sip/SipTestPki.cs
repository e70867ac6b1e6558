using System.Text;
using StirShaken.Identity.Passport;
using StirShaken.Identity.Signing;
using StirShaken.Identity.Sip;
using StirShaken.Identity.Testing;

namespace StirShaken.Identity.Interop.Tests.Sip;

/// <summary>A throw-away STI PKI written to a temp folder (root.pem, chain.pem, sp-key.pem) plus INVITE helpers.</summary>
internal sealed class SipTestPki : IDisposable
{
    /// <summary>An x5u our endpoint serves from memory (it satisfies X5uUrlPolicy: https, port 443).</summary>
    public const string X5u = "https://cert.example.org/sp.pem";

    public const string OrigTn = "12155551212";
    public const string DestTn = "12125551213";

    private SipTestPki(string spc)
    {
        Pki = TestPki.Create(spc);
        Directory = System.IO.Directory.CreateTempSubdirectory("stir-sip-interop-").FullName;
        Pki.WriteTo(Directory);
    }

    public TestPki Pki { get; }

    public string Directory { get; }

    public string RootPath => Path.Combine(Directory, "root.pem");

    public string ChainPath => Path.Combine(Directory, "chain.pem");

    /// <summary>The leaf key as PKCS#8 PEM ("BEGIN PRIVATE KEY"); secsipid reads SEC1 and PKCS#8.</summary>
    public string KeyPath => Path.Combine(Directory, "sp-key.pem");

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

    /// <summary>The INVITE signed by this PKI's leaf (Identity + Date added by <see cref="PassportSigner.Sign"/>).</summary>
    public string SignedInvite(string callId, int targetPort, string x5u = X5u, DateTimeOffset? date = null, bool compact = false)
    {
        var extra = date is { } d ? new[] { "Date: " + SipDate.Format(d) } : [];
        using var signer = new PassportSigner(Pki.LeafKey, x5u);
        return signer.Sign(SipMessage.Parse(Invite(callId, targetPort, extraHeaders: extra)), Attestation.A, compact: compact).ToString();
    }

    /// <summary>Writes a message for sipsak -f: LF line ends (sipsak inserts the CRs itself).</summary>
    public string WriteForSipsak(string name, string message)
    {
        var path = Path.Combine(Directory, name);
        File.WriteAllText(path, message.Replace("\r\n", "\n", StringComparison.Ordinal));
        return path;
    }

    public void Dispose()
    {
        Pki.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A process may still hold a file for a moment; the OS cleans temp folders.
        }
    }
}
