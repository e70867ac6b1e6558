using System.Text;
using StirShaken.Identity.Sip;

namespace StirShaken.Identity.Interop.Tests.Infrastructure;

/// <summary>SIP INVITEs for interop tests.</summary>
internal static class InteropInvite
{
    public const string Orig = "12155551212";
    public const string Dest = "12125551213";
    public const string HttpsX5u = "https://cert.example.org/sp.pem";

    public static string Create(DateTimeOffset date, string? identity = null, string from = "+" + Orig, string to = "+" + Dest, string callId = "a84b4c76e66710@pc33.example.com")
    {
        var text = new StringBuilder()
            .Append("INVITE sip:").Append(to).Append("@example.net;user=phone SIP/2.0\r\n")
            .Append("Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK776asdhds\r\n")
            .Append("Max-Forwards: 70\r\n")
            .Append("From: \"Alice\" <sip:").Append(from).Append("@example.com;user=phone>;tag=1928301774\r\n")
            .Append("To: <sip:").Append(to).Append("@example.net;user=phone>\r\n")
            .Append("Call-ID: ").Append(callId).Append("\r\n")
            .Append("CSeq: 314159 INVITE\r\n")
            .Append("Date: ").Append(SipDate.Format(date)).Append("\r\n")
            .Append("Contact: <sip:alice@192.0.2.1>\r\n");
        if (identity is not null)
        {
            text.Append("Identity: ").Append(identity).Append("\r\n");
        }

        return text.Append("Content-Length: 0\r\n\r\n").ToString();
    }

    /// <summary>The Identity header value around a JWS: <c>jws;info=&lt;x5u&gt;;alg=ES256;ppt=shaken</c>.</summary>
    public static string IdentityValue(string jws, string x5u) => $"{jws};info=<{x5u}>;alg=ES256;ppt=shaken";

    public static long Now => DateTimeOffset.UtcNow.ToUnixTimeSeconds();
}
