// Quickstart: sign a SIP INVITE with a SHAKEN PASSporT and verify it, offline, with a throw-away
// test PKI. Then change the To header, as a misbehaving intermediary would, and print the exact
// 438 response a SIP stack would send.
using StirShaken.Identity.Certificates;
using StirShaken.Identity.Passport;
using StirShaken.Identity.Signing;
using StirShaken.Identity.Sip;
using StirShaken.Identity.Testing;
using StirShaken.Identity.Verification;

const string x5u = "https://cert.example.org/sp-1234.pem";

// 1. A test STI-CA (root + intermediate) and a service provider certificate with SPC 1234.
using var pki = TestPki.Create(spc: "1234");

// 2. The authentication service signs an INVITE (orig from From/PAI, dest from To, iat from Date).
using var signer = new PassportSigner(pki.LeafKey, x5u);
var invite = SipMessage.Parse(
    "INVITE sip:+12125551213@example.net;user=phone SIP/2.0\r\n" +
    "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK776asdhds\r\n" +
    "Max-Forwards: 70\r\n" +
    "From: \"Alice\" <sip:+12155551212@example.com;user=phone>;tag=1928301774\r\n" +
    "To: <sip:+12125551213@example.net;user=phone>\r\n" +
    "Call-ID: a84b4c76e66710@pc33.example.com\r\n" +
    "CSeq: 314159 INVITE\r\n" +
    "Contact: <sip:alice@192.0.2.1>\r\n" +
    "Content-Length: 0\r\n\r\n");
var signed = signer.Sign(invite, Attestation.A);
Console.WriteLine("=== Signed INVITE ===");
Console.WriteLine(signed);

// 3. The verification service: certificates served from memory (no network), trusting the test root.
var certificates = new InMemoryCertificateSource().Add(x5u, pki.Chain);
var verifier = new StirShakenVerifier(certificates, new CertificateValidator(pki.TrustAnchors));

var result = await verifier.VerifyAsync(signed);
Console.WriteLine("=== Verification ===");
Console.WriteLine($"status:      {result.Status}");
Console.WriteLine($"verstat:     {result.Verstat}");
Console.WriteLine($"attestation: {result.Attestation}");
Console.WriteLine($"orig -> dest: {result.Orig} -> {string.Join(",", result.Dest)}");
Console.WriteLine($"SPC:         {result.Spc}");
Console.WriteLine();

// 4. An intermediary rewrites To after signing: the PASSporT no longer matches the request.
var tampered = signed.WithHeaderReplaced("To", "<sip:+12125550000@example.net;user=phone>");
var rejected = await verifier.VerifyAsync(tampered);
Console.WriteLine("=== Tampered INVITE (To changed) ===");
Console.WriteLine($"status:     {rejected.Status} ({rejected.Verstat})");
Console.WriteLine($"reason:     {rejected.Failure!.Reason}");
Console.WriteLine($"diagnostic: {rejected.Failure.Diagnostic}");
Console.WriteLine();
Console.WriteLine("Response a SIP stack would send:");
Console.Write(rejected.CreateFailureResponse(tampered));

return result.IsSuccess && !rejected.IsSuccess ? 0 : 1;
