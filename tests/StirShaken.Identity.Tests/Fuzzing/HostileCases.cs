using Microsoft.Extensions.Time.Testing;
using StirShaken.Identity.Certificates;
using StirShaken.Identity.Verification;

namespace StirShaken.Identity.Tests.Fuzzing;

/// <summary>The replayed failing inputs of tests/Fuzzing/hostile (README "Hostile input"), each with its folder's PKI.</summary>
internal static class HostileCases
{
    public const string X5u = "https://cert.example.org/sp.pem";

    public static string Directory(params string[] parts) => Path.Combine([TestContext.CurrentContext.TestDirectory, "Fuzzing", .. parts]);

    /// <summary>A verifier that trusts the folder's root, serves its chain at <see cref="X5u"/>, at the Unix time given.</summary>
    public static StirShakenVerifier Verifier(string folder, long unixTime, VerifierOptions? options = null)
    {
        var path = Directory("hostile", folder);
        var anchors = TrustAnchorStore.Load(Path.Combine(path, "root.pem"));
        var certificates = new InMemoryCertificateSource().AddFile(X5u, Path.Combine(path, "chain.pem"));
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(unixTime));
        return new StirShakenVerifier(certificates, new CertificateValidator(anchors), options, new StirShakenVerifierDependencies { TimeProvider = clock });
    }

    /// <summary>The message file with CRLF line ends (the files are stored with LF).</summary>
    public static string Message(string folder, string file = "message.sip") =>
        File.ReadAllText(Path.Combine(Directory("hostile", folder), file)).Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal);
}
