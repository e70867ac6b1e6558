using System.Text;
using Microsoft.Extensions.Time.Testing;
using StirShaken.Identity.Certificates;
using StirShaken.Identity.Signing;
using StirShaken.Identity.Sip;
using StirShaken.Identity.Testing;
using StirShaken.Identity.Verification;

namespace StirShaken.Identity.Tests;

/// <summary>An RFC 4474 PKI (example.com), a fixed clock, a legacy signer and verifier, and an INVITE with an SDP body.</summary>
internal sealed class LegacyCall : IDisposable
{
    public const string InfoDer = "https://example.com/cert.der";
    public const string InfoPem = "https://example.com/cert.pem";

    public static readonly DateTimeOffset Now = TestCall.Now;

    public const string Sdp = "v=0\r\no=alice 2890844526 2890844526 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\nm=audio 49172 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";

    public LegacyCall()
    {
        Pki = LegacyTestPki.Create("example.com", Now.AddDays(-30));
        Clock = new FakeTimeProvider(Now);
        Certificates = new InMemoryCertificateSource()
            .Add(InfoDer, CertificateChain.TryParse(Pki.LeafDer).GetValueOrThrow())
            .AddPem(InfoPem, Pki.LeafPem);
        Signer = new LegacyIdentitySigner(Pki.LeafKey, InfoDer, timeProvider: Clock);
    }

    public LegacyTestPki Pki { get; }

    public FakeTimeProvider Clock { get; }

    public InMemoryCertificateSource Certificates { get; }

    public LegacyIdentitySigner Signer { get; }

    /// <summary>A verifier with the legacy anchors of this PKI (and an unrelated STI PKI for RFC 8224).</summary>
    public StirShakenVerifier Verifier(VerifierOptions? options = null, TrustAnchorStore? legacyAnchors = null, ICertificateSource? certificates = null, TestPki? sti = null, bool legacy = true)
    {
        var stiAnchors = sti?.TrustAnchors ?? Pki.TrustAnchors; // any store: RFC 8224 headers are not used unless sti is given
        return new StirShakenVerifier(certificates ?? Certificates, new CertificateValidator(stiAnchors), options ?? new VerifierOptions { RequireIdentity = true },
            new StirShakenVerifierDependencies { TimeProvider = Clock, LegacyTrustAnchors = legacy ? legacyAnchors ?? Pki.TrustAnchors : null });
    }

    /// <summary>An INVITE from sip:alice@example.com with an SDP body (CRLF line ends inside the body too).</summary>
    public static string Invite(string from = "sip:alice@example.com", string? date = null, bool contact = true, string body = Sdp, params string[] extraHeaders)
    {
        var builder = new StringBuilder()
            .Append("INVITE sip:bob@biloxi.example.org SIP/2.0\r\n")
            .Append("Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKnashds8\r\n")
            .Append("Max-Forwards: 70\r\n")
            .Append("From: \"Alice\" <").Append(from).Append(">;tag=1928301774\r\n")
            .Append("To: Bob <sip:bob@biloxi.example.org>\r\n")
            .Append("Call-ID: a84b4c76e66710\r\n")
            .Append("CSeq: 314159 INVITE\r\n");
        if (date is not null)
        {
            builder.Append("Date: ").Append(date).Append("\r\n");
        }

        if (contact)
        {
            builder.Append("Contact: <sip:alice@192.0.2.1>\r\n");
        }

        foreach (var header in extraHeaders)
        {
            builder.Append(header).Append("\r\n");
        }

        if (body.Length > 0)
        {
            builder.Append("Content-Type: application/sdp\r\n");
        }

        return builder.Append("Content-Length: ").Append(Encoding.UTF8.GetByteCount(body)).Append("\r\n\r\n").Append(body).ToString();
    }

    /// <summary>The INVITE signed by the domain key (Date added at <see cref="Now"/>).</summary>
    public string SignedInvite(string from = "sip:alice@example.com", bool contact = true, string body = Sdp, LegacyIdentitySigner? signer = null) =>
        (signer ?? Signer).Sign(SipMessage.Parse(Invite(from, contact: contact, body: body))).ToString();

    public void Dispose()
    {
        Signer.Dispose();
        Pki.Dispose();
    }
}
