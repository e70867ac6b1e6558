using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using BenchmarkDotNet.Attributes;
using StirShaken.Identity.Certificates;
using StirShaken.Identity.Certificates.Revocation;
using StirShaken.Identity.Parsing;
using StirShaken.Identity.Passport;
using StirShaken.Identity.Signing;
using StirShaken.Identity.Sip;
using StirShaken.Identity.Testing;
using StirShaken.Identity.Verification;

namespace StirShaken.Identity.Benchmarks;

/// <summary>
/// The verification hot path piece by piece (README "Performance"), over 256 distinct signed INVITEs (distinct orig,
/// dest, Call-ID and origid) cycled call after call, a warm in-memory certificate source and a clock fixed at the
/// signing instant. RawEcdsaVerify is the floor every other row is compared with.
/// Run: dotnet run -c Release --project tests/StirShaken.Identity.Benchmarks -- --filter '*VerificationBenchmarks*' --job short
/// </summary>
[MemoryDiagnoser]
public class VerificationBenchmarks
{
    private const int Messages = 256;
    private const string X5u = "https://certs.bench.example/sp.pem";

    private TestPki _pki = null!;
    private PassportSigner _signer = null!;
    private StirShakenVerifier _verifier = null!;
    private StirShakenVerifier _repeatVerifier = null!;
    private CrlChecker _crl = null!;
    private ECDsa _publicKey = null!;
    private string _crlPath = null!;
    private string[] _invites = null!;
    private string[] _identityHeaders = null!;
    private string[] _tokens = null!;
    private byte[][] _signingInputs = null!;
    private byte[][] _signatures = null!;
    private DateTimeOffset _now;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        var clock = new FixedTime(_now);
        _pki = TestPki.Create(clock);
        _signer = new PassportSigner(_pki.LeafKey, X5u, clock);
        var certificates = new InMemoryCertificateSource().Add(X5u, _pki.Chain);
        var dependencies = new StirShakenVerifierDependencies { TimeProvider = clock };
        _verifier = new StirShakenVerifier(certificates, new CertificateValidator(_pki.TrustAnchors), new VerifierOptions { RequireIdentity = true, ResultCache = { Enabled = false } }, dependencies);

        // The result cache (README "Repeats and replays", on by default) answers VerifyRepeat_SameMessage after its first call:
        // a cache hit, with binding, freshness, certificate validity and revocation re-checked.
        _repeatVerifier = new StirShakenVerifier(certificates, new CertificateValidator(_pki.TrustAnchors), new VerifierOptions { RequireIdentity = true }, dependencies);

        _invites = new string[Messages];
        _identityHeaders = new string[Messages];
        _tokens = new string[Messages];
        _signingInputs = new byte[Messages][];
        _signatures = new byte[Messages][];
        var date = SipDate.Format(_now);
        for (var i = 0; i < Messages; i++)
        {
            var signed = _signer.Sign(SipMessage.Parse(Harness.BatchFilesHarness.Invite(i, date)), Attestation.A, Guid.NewGuid().ToString());
            _invites[i] = signed.ToString();
            _identityHeaders[i] = signed.GetHeader(SipHeaderNames.Identity)!;
            _tokens[i] = IdentityHeader.Parse(_identityHeaders[i]).Token;
            var lastDot = _tokens[i].LastIndexOf('.');
            _signingInputs[i] = Encoding.ASCII.GetBytes(_tokens[i][..lastDot]);
            _signatures[i] = Base64Url.TryDecode(_tokens[i].AsSpan(lastDot + 1)).GetValueOrThrow();
            if (!_verifier.VerifyAsync(_invites[i]).AsTask().GetAwaiter().GetResult().IsSuccess)
            {
                throw new InvalidOperationException($"warm-up verification of message {i} failed");
            }
        }

        _publicKey = _pki.Leaf.GetECDsaPublicKey()!;

        // A CRL of the intermediate that does not list the leaf, read from a local file (no fetch): the warm CRL check.
        _crlPath = Path.Combine(Path.GetTempPath(), $"bench-{Guid.NewGuid():N}.crl");
        File.WriteAllBytes(_crlPath, _pki.IssueCrl([], _now.AddHours(-1), _now.AddDays(7)));
        _crl = new CrlChecker(new RevocationOptions { Mode = RevocationMode.HardFail, LocalCrlPaths = [_crlPath], FetchCrls = false }, _pki.TrustAnchors, fetcher: null, clock);
        if (!_crl.CheckAsync(_pki.Chain, _now).AsTask().GetAwaiter().GetResult().IsSuccess)
        {
            throw new InvalidOperationException("warm-up CRL check failed");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _publicKey.Dispose();
        _signer.Dispose();
        _pki.Dispose();
        File.Delete(_crlPath);
    }

    /// <summary>The platform's ECDSA P-256 signature check alone (OpenSSL): the floor.</summary>
    [Benchmark(Baseline = true)]
    public bool RawEcdsaVerify()
    {
        var i = Next();
        return _publicKey.VerifyData(_signingInputs[i], _signatures[i], HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    /// <summary>Parse only: the SIP message, then its Identity header (no PASSporT decode, no checks).</summary>
    [Benchmark]
    public bool ParseSipAndIdentityHeader()
    {
        var message = SipMessage.TryParse(_invites[Next()]);
        return message.IsSuccess && IdentityHeader.TryParse(message.Value.GetHeader(SipHeaderNames.Identity)!).IsSuccess;
    }

    /// <summary>PASSporT decode: base64url + JSON of header and claims (no signature check).</summary>
    [Benchmark]
    public bool DecodePassport() => PassportToken.TryParse(_tokens[Next()]).IsSuccess;

    /// <summary>The full VerifyAsync(string) of a distinct message, warm certificate cache (what <c>stir-identity bench</c> loops over).</summary>
    [Benchmark]
    public bool VerifyWarm() => _verifier.VerifyAsync(_invites[Next()]).AsTask().GetAwaiter().GetResult().IsSuccess;

    /// <summary>The same message again and again (a retransmission): a result-cache hit once the cache exists (see Setup).</summary>
    [Benchmark]
    public bool VerifyRepeat_SameMessage() => _repeatVerifier.VerifyAsync(_invites[0]).AsTask().GetAwaiter().GetResult().IsSuccess;

    /// <summary>Signing: a SHAKEN PASSporT and its Identity header value (ES256 sign + JSON + base64url).</summary>
    [Benchmark]
    public string Sign() =>
        _signer.CreateIdentityHeader(new SigningRequest("+12155551212", ["+12125551213"], Attestation.A) { OrigId = "123e4567-e89b-12d3-a456-426655440000", IssuedAt = _now });

    /// <summary>Revocation check of the leaf and intermediate against a cached local CRL.</summary>
    [Benchmark]
    public bool CrlCheckWarm() => _crl.CheckAsync(_pki.Chain, _now).AsTask().GetAwaiter().GetResult().IsSuccess;

    private int Next()
    {
        var i = _next;
        _next = i + 1 == Messages ? 0 : i + 1;
        return i;
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
