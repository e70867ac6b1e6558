using System.Security.Cryptography;
using System.Text;
using StirShaken.Identity.Interop.Tests.Infrastructure;
using StirShaken.Identity.Testing;

namespace StirShaken.Identity.Server.Tests.Infrastructure;

/// <summary>
/// A test PKI on disk plus extra leaf chains (expired, untrusted, delegate, P-384, no TNAuthList), each published to the
/// service with <c>--cert URL=FILE</c>, and a JWS builder that signs any header/payload JSON (for the failure classes).
/// </summary>
internal sealed class ServiceTestPki : IDisposable
{
    public const string Base = "https://cert.example.org/";
    public const string OrigId = "123e4567-e89b-12d3-a456-426655440000";

    /// <summary>The fixed verification time (<c>--at</c>): the test run's start.</summary>
    public static readonly long Now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    private readonly InteropPki _untrusted = new("5678");
    private readonly List<ECDsa> _keys = [];

    public ServiceTestPki()
    {
        Files = new InteropPki("1234");
        Publish("sp.pem", Files.Pki.ChainPem, Files.Pki.LeafKey);
        Publish("untrusted.pem", _untrusted.Pki.ChainPem, _untrusted.Pki.LeafKey);
        var now = DateTimeOffset.FromUnixTimeSeconds(Now);
        Issue("expired.pem", new TestLeafOptions { NotBefore = now.AddDays(-10), NotAfter = now.AddDays(-1) });
        Issue("delegate.pem", new TestLeafOptions { Spc = null, Numbers = ["19995550000"] });
        Issue("p384.pem", new TestLeafOptions { Curve = ECCurve.NamedCurves.nistP384 });
        Issue("no-tnauthlist.pem", new TestLeafOptions { Spc = null });

        // An ES256 signature (64 bytes) by another key: the P-384 certificate is refused before the signature is checked.
        Keys["p384.pem"] = Files.Pki.LeafKey;
    }

    public InteropPki Files { get; }

    /// <summary>x5u URL → signing key, for every published chain.</summary>
    public Dictionary<string, ECDsa> Keys { get; } = new(StringComparer.Ordinal);

    /// <summary>The <c>--cert URL=FILE</c> arguments.</summary>
    public List<string> CertArguments { get; } = [];

    /// <summary>The common <c>serve</c> arguments: trust anchor, certificates, fixed time, signing.</summary>
    public string[] ServeArguments =>
    [
        "--trust-anchor", Files.RootPem, "--at", Now.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "--signing-key", Files.KeyPem, "--x5u", Url("sp.pem"),
        .. CertArguments.SelectMany(c => new[] { "--cert", c }),
    ];

    public static string Url(string name) => Base + name;

    public static string HeaderJson(string x5u, string alg = "ES256", string ppt = "shaken", string typ = "passport") =>
        $"{{\"alg\":\"{alg}\",\"ppt\":\"{ppt}\",\"typ\":\"{typ}\",\"x5u\":\"{x5u}\"}}";

    public static string PayloadJson(long? iat = null, string attest = "A", string orig = InteropInvite.Orig, string dest = InteropInvite.Dest, bool origId = true) =>
        $"{{\"attest\":\"{attest}\",\"dest\":{{\"tn\":[\"{dest}\"]}},\"iat\":{iat ?? Now},\"orig\":{{\"tn\":\"{orig}\"}}{(origId ? $",\"origid\":\"{OrigId}\"" : string.Empty)}}}";

    /// <summary>A JWS over the given header and payload (ES256, IEEE P1363 signature) with <paramref name="key"/>.</summary>
    public static string Jws(string headerJson, string payloadJson, ECDsa key)
    {
        var input = B64(Encoding.UTF8.GetBytes(headerJson)) + "." + B64(Encoding.UTF8.GetBytes(payloadJson));
        var signature = key.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return input + "." + B64(signature);
    }

    /// <summary>A full Identity header value signed by the key published at <paramref name="name"/>.</summary>
    public string Identity(string name = "sp.pem", string? payload = null, string? header = null, string? info = null, string parameters = ";alg=ES256;ppt=shaken") =>
        $"{Jws(header ?? HeaderJson(Url(name)), payload ?? PayloadJson(), Keys[name])};info=<{info ?? Url(name)}>{parameters}";

    public void Dispose()
    {
        foreach (var key in _keys)
        {
            key.Dispose();
        }

        _untrusted.Dispose();
        Files.Dispose();
    }

    private void Issue(string name, TestLeafOptions options)
    {
        var (chain, key) = Files.Pki.IssueLeaf(options);
        _keys.Add(key);
        Publish(name, chain.ToPem(), key);
    }

    private void Publish(string name, string pem, ECDsa key)
    {
        Keys[Url(name)] = key;
        Keys[name] = key;
        CertArguments.Add($"{Url(name)}={Files.Write(name, pem)}");
    }

    private static string B64(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
