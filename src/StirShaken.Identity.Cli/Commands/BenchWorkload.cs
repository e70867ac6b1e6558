using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using StirShaken.Identity.Certificates;
using StirShaken.Identity.Parsing;
using StirShaken.Identity.Passport;
using StirShaken.Identity.Signing;
using StirShaken.Identity.Sip;
using StirShaken.Identity.Testing;
using StirShaken.Identity.Verification;

namespace StirShaken.Identity.Cli.Commands;

/// <summary>What <c>bench</c> measured: rates over the measured phases, allocation and latency of the verify loop.</summary>
internal readonly record struct BenchReport(double VerifyPerSecond, double EcdsaPerSecond, double AllocatedBytesPerVerify, double P50Microseconds, double P99Microseconds)
{
    /// <summary>Full verification rate over raw ECDSA rate (1.0 = no overhead above the signature check).</summary>
    public double Ratio => EcdsaPerSecond > 0 ? VerifyPerSecond / EcdsaPerSecond : 0;
}

/// <summary>
/// The <c>bench</c> workload: a throw-away PKI, N signed INVITEs (distinct orig, dest, Call-ID and origid, all signed
/// at one instant that the verifier's clock keeps), a verifier over an in-memory certificate source (no network),
/// and the signing inputs and signatures for the raw ECDSA loop.
/// </summary>
internal sealed partial class BenchWorkload : IDisposable
{
    private const string X5u = "https://certs.bench.invalid/sp.pem";

    private readonly TestPki _pki;
    private readonly StirShakenVerifier _verifier;
    private readonly string[] _messages;
    private readonly byte[][] _signingInputs;
    private readonly byte[][] _signatures;

    private BenchWorkload(TestPki pki, StirShakenVerifier verifier, string[] messages, byte[][] signingInputs, byte[][] signatures)
    {
        _pki = pki;
        _verifier = verifier;
        _messages = messages;
        _signingInputs = signingInputs;
        _signatures = signatures;
    }

    /// <summary>Builds the PKI, signs <paramref name="count"/> INVITEs and checks that each verifies both ways (the warm-up).</summary>
    /// <exception cref="InvalidOperationException">A message did not verify (a bug: the tool signed it itself).</exception>
    public static BenchWorkload Create(int count)
    {
        var at = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        var clock = new FixedTimeProvider(at);
        var pki = TestPki.Create(clock);
        try
        {
            var certificates = new InMemoryCertificateSource().Add(X5u, pki.Chain);

            // Full verifications of distinct messages: the result cache is off so that no hit is ever counted (it would
            // only add its insert cost here). Replay detection keeps its default (Report): it is part of every verification.
            var options = new VerifierOptions { RequireIdentity = true, ResultCache = { Enabled = false } };
            var verifier = new StirShakenVerifier(certificates, new CertificateValidator(pki.TrustAnchors), options,
                new StirShakenVerifierDependencies { TimeProvider = clock });

            var messages = new string[count];
            var signingInputs = new byte[count][];
            var signatures = new byte[count][];
            using (var signer = new PassportSigner(pki.LeafKey, X5u, clock))
            {
                var date = SipDate.Format(at);
                for (var i = 0; i < count; i++)
                {
                    var signed = signer.Sign(SipMessage.Parse(Invite(i, date)), Attestation.A, Guid.NewGuid().ToString());
                    messages[i] = signed.ToString();
                    var token = IdentityHeader.Parse(signed.GetHeader(SipHeaderNames.Identity)!).Token;
                    var lastDot = token.LastIndexOf('.');
                    signingInputs[i] = Encoding.ASCII.GetBytes(token[..lastDot]);
                    signatures[i] = Base64Url.TryDecode(token.AsSpan(lastDot + 1)).GetValueOrThrow();
                }
            }

            var workload = new BenchWorkload(pki, verifier, messages, signingInputs, signatures);
            workload.WarmUp();
            return workload;
        }
        catch
        {
            pki.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Writes <c>identities.txt</c> (each message's Identity header value, one per line) and <c>signer-public.pem</c>
    /// (the leaf's SubjectPublicKeyInfo) into <paramref name="directory"/>, created if needed: the same signatures for a
    /// peer's in-process loop (tests/StirShaken.Identity.Benchmarks/Secsipid).
    /// </summary>
    public void WritePeerInputs(string directory)
    {
        Directory.CreateDirectory(directory);
        var lines = new string[_messages.Length];
        for (var i = 0; i < lines.Length; i++)
        {
            lines[i] = SipMessage.Parse(_messages[i]).GetHeader(SipHeaderNames.Identity)!;
        }

        File.WriteAllLines(Path.Combine(directory, "identities.txt"), lines);
        using var key = _pki.Leaf.GetECDsaPublicKey()!;
        File.WriteAllText(Path.Combine(directory, "signer-public.pem"), key.ExportSubjectPublicKeyInfoPem() + "\n");
    }

    /// <summary>An INVITE from +1215 3xx xxxx to +1212 555 xxxx; numbers, tags and Call-ID distinct per <paramref name="i"/>.</summary>
    private static string Invite(int i, string date) => string.Create(CultureInfo.InvariantCulture,
        $"INVITE sip:+1212{5550000 + i:D7}@example.net;user=phone SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK{i:x8}\r\nMax-Forwards: 70\r\n"
        + $"From: <sip:+1215{3000000 + i:D7}@example.com;user=phone>;tag={i:x8}\r\nTo: <sip:+1212{5550000 + i:D7}@example.net;user=phone>\r\n"
        + $"Call-ID: bench-{i}@pc33.example.com\r\nCSeq: 314159 INVITE\r\nDate: {date}\r\nContent-Length: 0\r\n\r\n");

    /// <summary>
    /// Alternates the verify loop and the raw ECDSA loop (ABBA order, phases of at most one second) until each has run
    /// for <paramref name="duration"/>, after one short unmeasured round that lets the JIT reach its final code.
    /// </summary>
    public BenchReport Run(TimeSpan duration, int threads, CancellationToken cancellationToken)
    {
        var workers = new Worker[threads];
        for (var t = 0; t < threads; t++)
        {
            workers[t] = new Worker(this, offset: (int)((long)t * _messages.Length / threads), sampleCapacity: SampleCapacity(threads));
        }

        try
        {
            RunPhase(workers, verify: true, TimeSpan.FromMilliseconds(250), measure: false);
            RunPhase(workers, verify: false, TimeSpan.FromMilliseconds(250), measure: false);

            var rounds = Math.Max(2, (int)Math.Ceiling(duration.TotalSeconds));
            var phase = duration / rounds;
            var verify = new PhaseTotals();
            var ecdsa = new PhaseTotals();
            for (var round = 0; round < rounds; round++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var verifyFirst = round % 2 == 0;
                (verifyFirst ? verify : ecdsa).Add(RunPhase(workers, verifyFirst, phase, measure: true));
                (verifyFirst ? ecdsa : verify).Add(RunPhase(workers, !verifyFirst, phase, measure: true));
            }

            var (p50, p99) = Percentiles(workers);
            return new BenchReport(verify.PerSecond, ecdsa.PerSecond, verify.Count > 0 ? (double)verify.AllocatedBytes / verify.Count : 0, p50, p99);
        }
        finally
        {
            foreach (var worker in workers)
            {
                worker.Dispose();
            }
        }
    }

    public void Dispose() => _pki.Dispose();

    /// <summary>Latency samples kept per thread (a ring: the most recent ones); about 8 MB in all.</summary>
    private static int SampleCapacity(int threads) => Math.Max(1 << 12, (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(1, (1 << 20) / threads)));

    private void WarmUp()
    {
        using var key = _pki.Leaf.GetECDsaPublicKey()!;
        for (var i = 0; i < _messages.Length; i++)
        {
            var result = VerifyNow(_messages[i]);
            if (!result.IsSuccess)
            {
                throw new InvalidOperationException($"bench: message {i} did not verify: {result.Failure!.StatusCode} {result.Failure.Reason}: {result.Failure.Diagnostic}");
            }

            if (!key.VerifyData(_signingInputs[i], _signatures[i], HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation))
            {
                throw new InvalidOperationException($"bench: the signature of message {i} did not verify with the platform ECDSA");
            }
        }
    }

    /// <summary>Verification on the calling thread: the in-memory certificate source completes synchronously.</summary>
    private VerificationResult VerifyNow(string message)
    {
        var pending = _verifier.VerifyAsync(message);
        return pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();
    }

    /// <summary>Runs one loop on every worker's thread until the deadline; returns the count, wall time and bytes allocated.</summary>
    private static PhaseResult RunPhase(Worker[] workers, bool verify, TimeSpan length, bool measure)
    {
        var threads = new Thread[workers.Length];
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var start = Stopwatch.GetTimestamp();
        var deadline = start + (long)(length.TotalSeconds * Stopwatch.Frequency);
        for (var t = 0; t < workers.Length; t++)
        {
            var worker = workers[t];
            worker.Prepare(verify, deadline, measure);
            threads[t] = new Thread(worker.Loop) { IsBackground = true, Name = "bench" };
        }

        foreach (var thread in threads)
        {
            thread.Start();
        }

        foreach (var thread in threads)
        {
            thread.Join();
        }

        var elapsed = Stopwatch.GetElapsedTime(start);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        long count = 0, failures = 0;
        foreach (var worker in workers)
        {
            count += worker.Count;
            failures += worker.Failures;
        }

        return failures == 0
            ? new PhaseResult(count, elapsed, allocated)
            : throw new InvalidOperationException($"bench: {failures} of {count} {(verify ? "verifications" : "ECDSA verifications")} failed during the run");
    }

    private static (double P50, double P99) Percentiles(Worker[] workers)
    {
        var total = 0;
        foreach (var worker in workers)
        {
            total += worker.SampleCount;
        }

        if (total == 0)
        {
            return (0, 0);
        }

        var all = new long[total];
        var at = 0;
        foreach (var worker in workers)
        {
            worker.Samples.AsSpan(0, worker.SampleCount).CopyTo(all.AsSpan(at));
            at += worker.SampleCount;
        }

        Array.Sort(all);
        return (Microseconds(all[NearestRank(total, 0.50)]), Microseconds(all[NearestRank(total, 0.99)]));

        static int NearestRank(int n, double p) => Math.Clamp((int)Math.Ceiling(p * n) - 1, 0, n - 1);
        static double Microseconds(long ticks) => ticks * 1_000_000.0 / Stopwatch.Frequency;
    }

    private readonly record struct PhaseResult(long Count, TimeSpan Elapsed, long AllocatedBytes);

    private sealed class PhaseTotals
    {
        public long Count { get; private set; }

        public long AllocatedBytes { get; private set; }

        public TimeSpan Elapsed { get; private set; }

        public double PerSecond => Elapsed > TimeSpan.Zero ? Count / Elapsed.TotalSeconds : 0;

        public void Add(PhaseResult phase)
        {
            Count += phase.Count;
            AllocatedBytes += phase.AllocatedBytes;
            Elapsed += phase.Elapsed;
        }
    }
}
