namespace StirShaken.Identity.Interop.Tests.Infrastructure;

/// <summary>
/// The real peer: the secsipidx CLI (asipto/secsipidx, Debian package). Fails loudly when missing.
/// Observed on the Debian build v1.2.0: <c>-check</c> needs <c>-fpubkey</c> (no x5u fetch); the
/// HTTP server (<c>-H</c>, <c>POST /v1/check</c>) fetches <c>info</c> over http(s) and honours
/// <c>-cert-verify</c>/<c>-ca-file</c>.
/// </summary>
internal static class Secsipidx
{
    private static readonly Lazy<string> Binary = new(() => ProcessRunner.FindOnPath("secsipidx")
        ?? throw new AssertionException("secsipidx not installed: apt-get install -y secsipidx"));

    public static string Path => Binary.Value;

    public static ProcessResult Run(params string[] arguments) => ProcessRunner.Run(Path, arguments, timeout: TimeSpan.FromSeconds(30));

    /// <summary>
    /// <c>-sign-full</c>: one dest TN, secsipidx builds header, payload and parameters. It ignores
    /// <c>-iat</c> (observed: iat is always "now"), so tests needing another iat use <see cref="SignShaken"/>.
    /// </summary>
    public static string SignFull(string keyFile, string x5u, string orig, string dest, string attest) =>
        Output(Run("-sign-full", "-k", keyFile, "-x5u", x5u, "-o", orig, "-d", dest, "-a", attest));

    /// <summary>A full Identity value signed with <c>-sign</c> from JSON: any iat, several dest TNs.</summary>
    public static string SignShaken(string keyFile, string x5u, string orig, IEnumerable<string> dest, string attest, long iat, string? origId = null)
    {
        var header = $"{{\"alg\":\"ES256\",\"ppt\":\"shaken\",\"typ\":\"passport\",\"x5u\":\"{x5u}\"}}";
        var tns = string.Join(",", dest.Select(tn => $"\"{tn}\""));
        var payload = $"{{\"attest\":\"{attest}\",\"dest\":{{\"tn\":[{tns}]}},\"iat\":{iat},\"orig\":{{\"tn\":\"{orig}\"}},\"origid\":\"{origId ?? Guid.NewGuid().ToString()}\"}}";
        return InteropInvite.IdentityValue(SignJson(keyFile, header, payload), x5u);
    }

    /// <summary><c>-sign</c> with JSON header and payload (the only way to sign several dest TNs): returns the JWS only.</summary>
    public static string SignJson(string keyFile, string headerJson, string payloadJson) =>
        Output(Run("-sign", "-k", keyFile, "-header", headerJson, "-payload", payloadJson));

    /// <summary><c>-check</c> with the signer's certificate as public key (the CLI does not fetch x5u).</summary>
    public static ProcessResult CheckWithPublicKey(string identity, string certificateFile, string directory)
    {
        var file = System.IO.Path.Combine(directory, $"identity-{Guid.NewGuid():N}.txt");
        File.WriteAllText(file, identity);
        return Run("-check", "-fidentity", file, "-expire", "60", "-fpubkey", certificateFile);
    }

    private static string Output(ProcessResult result)
    {
        Assert.That(result.ExitCode, Is.Zero, $"secsipidx failed: {result}");
        var line = result.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        Assert.That(line, Is.Not.Null.And.Not.Empty, $"secsipidx printed nothing: {result}");
        return line!;
    }
}
