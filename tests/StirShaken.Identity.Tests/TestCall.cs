using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using StirShaken.Identity.Certificates;
using StirShaken.Identity.Passport;
using StirShaken.Identity.Signing;
using StirShaken.Identity.Sip;
using StirShaken.Identity.Testing;
using StirShaken.Identity.Verification;

namespace StirShaken.Identity.Tests;

/// <summary>A test PKI, a fixed clock, a signer and a verifier wired together, plus an INVITE template.</summary>
internal sealed class TestCall : IDisposable
{
    public const string X5u = "https://cert.example.org/sp.pem";
    public const string Orig = "12155551212";
    public const string Dest = "12125551213";

    public static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    public TestCall()
    {
        Pki = TestPki.Create("1234", notBefore: Now.AddDays(-30), validity: TimeSpan.FromDays(365));
        Clock = new FakeTimeProvider(Now);
        Certificates = new InMemoryCertificateSource().Add(X5u, Pki.Chain);
        Signer = new PassportSigner(Pki.LeafKey, X5u, Clock);
    }

    public TestPki Pki { get; }

    public FakeTimeProvider Clock { get; }

    public InMemoryCertificateSource Certificates { get; }

    public PassportSigner Signer { get; }

    public StirShakenVerifier Verifier(VerifierOptions? options = null, CertificateValidationOptions? certificateOptions = null) =>
        new(Certificates, new CertificateValidator(Pki.TrustAnchors, certificateOptions), options, new StirShakenVerifierDependencies { TimeProvider = Clock });

    public static string Invite(string from = "+1-215-555-1212", string to = "+12125551213", string? date = null, params string[] extraHeaders)
    {
        var builder = new StringBuilder()
            .Append("INVITE sip:").Append(to).Append("@example.net;user=phone SIP/2.0\r\n")
            .Append("Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK776asdhds\r\n")
            .Append("Max-Forwards: 70\r\n")
            .Append("From: \"Alice\" <sip:").Append(from).Append("@example.com;user=phone>;tag=1928301774\r\n")
            .Append("To: <sip:").Append(to).Append("@example.net;user=phone>\r\n")
            .Append("Call-ID: a84b4c76e66710@pc33.example.com\r\n")
            .Append("CSeq: 314159 INVITE\r\n")
            .Append("Date: ").Append(date ?? SipDate.Format(Now)).Append("\r\n")
            .Append("Contact: <sip:alice@192.0.2.1>\r\n");
        foreach (var header in extraHeaders)
        {
            builder.Append(header).Append("\r\n");
        }

        return builder.Append("Content-Length: 0\r\n\r\n").ToString();
    }

    /// <summary>An INVITE signed by the test service provider.</summary>
    public string SignedInvite(Attestation attestation = Attestation.A) =>
        Signer.Sign(SipMessage.Parse(Invite()), attestation, "123e4567-e89b-12d3-a456-426655440000").ToString();

    /// <summary>An INVITE carrying an Identity header built from arbitrary JOSE header and payload JSON, signed by <paramref name="key"/>.</summary>
    public string InviteWithRawPassport(string headerJson, string payloadJson, ECDsa? key = null, string parameters = ";info=<" + X5u + ">;alg=ES256;ppt=shaken", string? to = null)
    {
        var token = RawJws(headerJson, payloadJson, key ?? Pki.LeafKey);
        return Invite(to: to ?? "+12125551213", extraHeaders: "Identity: " + token + parameters);
    }

    public static string RawJws(string headerJson, string payloadJson, ECDsa key)
    {
        var input = Base64Url.Encode(Encoding.UTF8.GetBytes(headerJson)) + "." + Base64Url.Encode(Encoding.UTF8.GetBytes(payloadJson));
        var signature = key.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return input + "." + Base64Url.Encode(signature);
    }

    public static string ShakenHeader(string x5u = X5u, string alg = "ES256", string typ = "passport", string ppt = "shaken") =>
        $"{{\"alg\":\"{alg}\",\"ppt\":\"{ppt}\",\"typ\":\"{typ}\",\"x5u\":\"{x5u}\"}}";

    public static string ShakenPayload(long? iat = null, string attest = "\"A\"", string origId = ",\"origid\":\"123e4567-e89b-12d3-a456-426655440000\"", string dest = "[\"" + Dest + "\"]") =>
        $"{{\"attest\":{attest},\"dest\":{{\"tn\":{dest}}},\"iat\":{iat ?? Now.ToUnixTimeSeconds()},\"orig\":{{\"tn\":\"{Orig}\"}}{origId}}}";

    public void Dispose()
    {
        Signer.Dispose();
        Pki.Dispose();
    }
}
