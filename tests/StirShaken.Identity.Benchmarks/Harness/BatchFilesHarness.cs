using System.Globalization;
using StirShaken.Identity.Passport;
using StirShaken.Identity.Signing;
using StirShaken.Identity.Sip;
using StirShaken.Identity.Testing;

namespace StirShaken.Identity.Benchmarks.Harness;

/// <summary>
/// Writes a <c>verify --batch</c> workload (README "Performance"): a throw-away PKI (root.pem, chain.pem) and N signed
/// INVITEs with distinct orig/dest/Call-ID/origid in DIR/calls, all signed at one instant, and prints the
/// <c>stir-identity verify --batch</c> command that verifies them at that instant from the local chain (no network).
/// Usage: dotnet run -c Release --project tests/StirShaken.Identity.Benchmarks -- batch-files DIR [COUNT=30000]
/// </summary>
internal static class BatchFilesHarness
{
    /// <summary>The x5u of the generated messages; served by <c>--cert URL=chain.pem</c>.</summary>
    public const string X5u = "https://certs.bench.example/sp.pem";

    public static int Run(string[] args)
    {
        if (args.Length is < 1 or > 2)
        {
            Console.Error.WriteLine("usage: batch-files DIR [COUNT]");
            return 2;
        }

        var directory = Path.GetFullPath(args[0]);
        var count = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 30_000;
        var calls = Directory.CreateDirectory(Path.Combine(directory, "calls")).FullName;
        var at = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        using var pki = TestPki.Create();
        File.WriteAllText(Path.Combine(directory, "root.pem"), pki.RootPem);
        File.WriteAllText(Path.Combine(directory, "chain.pem"), pki.ChainPem);
        using var signer = new PassportSigner(pki.LeafKey, X5u, new Fixed(at));
        var date = SipDate.Format(at);
        for (var i = 0; i < count; i++)
        {
            var signed = signer.Sign(SipMessage.Parse(Invite(i, date)), Attestation.A, Guid.NewGuid().ToString());
            File.WriteAllText(Path.Combine(calls, $"call-{i:D6}.sip"), signed.ToString());
        }

        Console.WriteLine($"stir-identity verify --batch {calls} --trust-anchor {Path.Combine(directory, "root.pem")} "
            + $"--cert {X5u}={Path.Combine(directory, "chain.pem")} --at {at.ToUnixTimeSeconds()}");
        return 0;
    }

    /// <summary>An INVITE from +1215 555 xxxx to +1212 555 yyyy, both numbers and the Call-ID distinct per <paramref name="i"/>.</summary>
    public static string Invite(int i, string date) =>
        $"INVITE sip:+1212{5550000 + i:D7}@example.net;user=phone SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK{i:x8}\r\nMax-Forwards: 70\r\n"
        + $"From: <sip:+1215{3000000 + i:D7}@example.com;user=phone>;tag={i:x8}\r\nTo: <sip:+1212{5550000 + i:D7}@example.net;user=phone>\r\n"
        + $"Call-ID: bench-{i}@pc33.example.com\r\nCSeq: 314159 INVITE\r\nDate: {date}\r\nContent-Length: 0\r\n\r\n";

    private sealed class Fixed(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
