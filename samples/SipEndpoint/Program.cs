// SipEndpoint: a small SIP UAS over UDP that verifies the STIR/SHAKEN Identity of each INVITE and
// answers 200 OK (X-Verstat, X-Attestation) or the library's failure response (438/437/436/403/428
// with a Reason header). Copy it as a starting point for your own SIP stack integration.
//
//   dotnet run --project samples/SipEndpoint -- --listen 127.0.0.1:5070 --trust-anchor root.pem \
//       --cert https://cert.example.org/sp.pem=chain.pem [--cert URL=FILE ...] [--require-identity]
//       [--dest-source to|request-uri|either] [--redirect-to TN[@HOST:PORT] --key KEY.pem --x5u URL]
//
// --redirect-to: a STIR-aware redirect server (RFC 8946 §7): every INVITE is answered 301 Moved Permanently with
// Contact sip:+TN@HOST:PORT;user=phone and a div PASSporT (signed with --key, published at --x5u) in an Identity
// header, so the caller's new INVITE verifies as redirected. --dest-source request-uri: a PASSporT must match the
// Request-URI (the current target), so a redirected call verifies only through its div chain.
//
// Certificates are served from memory (--cert URL=FILE): nothing is fetched over the network.
using System.Net;
using System.Runtime.InteropServices;
using SipEndpoint;
using StirShaken.Identity.Certificates;
using StirShaken.Identity.Verification;

const string Usage =
    "usage: SipEndpoint --listen IP:PORT --trust-anchor FILE_OR_DIR [--trust-anchor ...] --cert URL=FILE [--cert ...] [--require-identity]\n" +
    "       [--dest-source to|request-uri|either] [--redirect-to TN[@HOST:PORT] --key KEY.pem --x5u URL]";

IPEndPoint? listen = null;
var anchors = new List<string>();
var certificates = new InMemoryCertificateSource();
var certificateCount = 0;
var requireIdentity = false;
var destinationSource = DestinationSource.To;
string? redirectTo = null, keyPath = null, x5u = null;
try
{
    for (var i = 0; i < args.Length; i++)
    {
        string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
        switch (args[i])
        {
            case "--listen":
                var value = Next();
                listen = IPEndPoint.TryParse(value, out var endPoint) ? endPoint : throw new ArgumentException($"--listen '{value}' is not IP:PORT");
                break;
            case "--trust-anchor":
                anchors.Add(Next());
                break;
            case "--cert":
                var mapping = Next();
                var equals = mapping.LastIndexOf('=');
                if (equals <= 0 || equals == mapping.Length - 1)
                {
                    throw new ArgumentException($"--cert '{mapping}' is not URL=FILE");
                }

                var url = mapping[..equals];
                if (!X5uUrlPolicy.Default.IsAllowed(url, out var refused))
                {
                    Console.Error.WriteLine($"warning: --cert {url}: the verifier will refuse this x5u ({refused})");
                }

                certificates.AddFile(url, mapping[(equals + 1)..]);
                certificateCount++;
                break;
            case "--require-identity":
                requireIdentity = true;
                break;
            case "--dest-source":
                destinationSource = Next() switch
                {
                    "to" => DestinationSource.To,
                    "request-uri" => DestinationSource.RequestUri,
                    "either" => DestinationSource.ToOrRequestUri,
                    var other => throw new ArgumentException($"--dest-source '{other}' is not to, request-uri or either"),
                };
                break;
            case "--redirect-to":
                redirectTo = Next();
                break;
            case "--key":
                keyPath = Next();
                break;
            case "--x5u":
                x5u = Next();
                break;
            case "-h" or "--help":
                Console.WriteLine(Usage);
                return 0;
            default:
                throw new ArgumentException($"unknown option '{args[i]}'");
        }
    }

    if (listen is null || anchors.Count == 0)
    {
        throw new ArgumentException("--listen and --trust-anchor are required");
    }

    if (redirectTo is not null && (keyPath is null || x5u is null))
    {
        throw new ArgumentException("--redirect-to needs --key and --x5u (the div PASSporT's signer)");
    }
}
catch (Exception e) when (e is ArgumentException or IOException or InvalidDataException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"error: {e.Message}");
    Console.Error.WriteLine(Usage);
    return 2;
}

TrustAnchorStore trustAnchors;
try
{
    trustAnchors = TrustAnchorStore.Load([.. anchors]);
}
catch (Exception e) when (e is ArgumentException or IOException or InvalidDataException)
{
    Console.Error.WriteLine($"error: trust anchors: {e.Message}");
    return 2;
}

var verifier = new StirShakenVerifier(certificates, new CertificateValidator(trustAnchors), new VerifierOptions { RequireIdentity = requireIdentity, DestinationSource = destinationSource });
SipRedirector? redirector = null;
if (redirectTo is not null)
{
    try
    {
        redirector = SipRedirector.Create(redirectTo, File.ReadAllText(keyPath!), x5u!);
    }
    catch (Exception e) when (e is ArgumentException or IOException or System.Security.Cryptography.CryptographicException or UnauthorizedAccessException)
    {
        Console.Error.WriteLine($"error: --redirect-to: {e.Message}");
        return 2;
    }
}

using var redirectorScope = redirector;
SipUdpEndpoint endpoint;
try
{
    endpoint = new SipUdpEndpoint(listen, verifier, Console.Out) { Redirector = redirector };
}
catch (System.Net.Sockets.SocketException e)
{
    Console.Error.WriteLine($"error: cannot listen on udp {listen}: {e.Message}");
    return 2;
}

using var endpointScope = endpoint;
using var stop = new CancellationTokenSource();

// Ctrl+C (SIGINT) and SIGTERM stop the loop cleanly.
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stop.Cancel();
});

Console.WriteLine($"listening on udp {endpoint.LocalEndPoint} ({trustAnchors.Anchors.Count} trust anchor(s), {certificateCount} certificate URL(s), require identity: {requireIdentity}{(redirector is null ? string.Empty : $", redirecting to {redirectTo}")})");
await endpoint.RunAsync(stop.Token);
Console.WriteLine("stopped");
return 0;
