// The CI consumer check: what a new user does with the packages as shipped — configuration from JSON, the hosting
// integration, sign an INVITE, verify it, tag the forwarded request with verstat. Exit 0 when it all works.
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using StirShaken.Identity.Certificates;
using StirShaken.Identity.Passport;
using StirShaken.Identity.PhoneNumbers;
using StirShaken.Identity.Signing;
using StirShaken.Identity.Sip;
using StirShaken.Identity.Testing;
using StirShaken.Identity.Verification;

var folder = args.Length > 0 ? args[0] : Path.Combine(Path.GetTempPath(), "stirshaken-consumer");
Directory.CreateDirectory(folder);
using var pki = TestPki.Create("1234");
pki.WriteTo(folder);
const string X5u = "https://cert.example.org/sp.pem";
var json = $$"""
    {
      "StirShaken": {
        "Verification": {
          "TrustAnchorPaths": [ {{System.Text.Json.JsonSerializer.Serialize(Path.Combine(folder, "root.pem"))}} ],
          "Verifier": { "RequireIdentity": true, "ReasonProtocol": "Stir" },
          "Revocation": { "Mode": "Off" }
        },
        "Signing": { "PrivateKeyPemPath": {{System.Text.Json.JsonSerializer.Serialize(Path.Combine(folder, "sp-key.pem"))}}, "X5u": "{{X5u}}" }
      }
    }
    """;
var settings = Path.Combine(folder, "appsettings.json");
File.WriteAllText(settings, json);
var configuration = new ConfigurationBuilder().AddJsonFile(settings).Build();

var services = new ServiceCollection();
services.AddSingleton<ICertificateSource>(new InMemoryCertificateSource().Add(X5u, pki.Chain)); // offline x5u
services.AddStirShakenVerification(configuration.GetSection("StirShaken:Verification"));
services.AddStirShakenSigning(configuration.GetSection("StirShaken:Signing"));
using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });

var invite = string.Join("\r\n",
    "INVITE sip:+12125551213@example.net;user=phone SIP/2.0",
    "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK776asdhds",
    "Max-Forwards: 70",
    "From: \"Alice\" <sip:+12155551212@example.com;user=phone>;tag=1928301774",
    "To: <sip:+12125551213@example.net;user=phone>",
    "P-Asserted-Identity: <tel:+12155551212>",
    "Call-ID: a84b4c76e66710@pc33.example.com",
    "CSeq: 314159 INVITE",
    "Content-Length: 0",
    "",
    "");
var signed = provider.GetRequiredService<PassportSigner>().Sign(SipMessage.Parse(invite), Attestation.A);
var verifier = provider.GetRequiredService<StirShakenVerifier>();
var result = await verifier.VerifyHeadersAsync(signed.Method!, signed.RequestUri!, signed.Headers.Select(h => KeyValuePair.Create(h.Name, h.Value)));
var forwarded = signed.WithVerstat(result, removeIdentityHeaders: true);
var national = NationalNumbers.ForRegion("US")("2155551212");
var unsigned = await verifier.VerifyAsync(invite);
Console.WriteLine($"verified={result.IsSuccess} {result} | PAI: {forwarded.GetHeader("P-Asserted-Identity")} | unsigned: {unsigned.Failure?.StatusCode} | US national → {national}");
var ok = result.IsSuccess
    && forwarded.GetHeader("P-Asserted-Identity") == "<tel:+12155551212;verstat=TN-Validation-Passed>"
    && forwarded.GetHeaderValues("Identity").Count == 0
    && unsigned.Failure?.StatusCode == 428            // RequireIdentity from JSON reached this container...
    && !VerifierOptions.Default.RequireIdentity        // ...and nothing else
    && national == "12155551212";
Console.WriteLine(ok ? "consumer check: OK" : "consumer check: FAILED");
return ok ? 0 : 1;
