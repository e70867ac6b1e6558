using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CsCheck;
using StirShaken.Identity.Certificates;
using StirShaken.Identity.Passport;
using StirShaken.Identity.Sip;

namespace StirShaken.Identity.Tests.Fuzzing;

/// <summary>
/// Issue 8 §8: property-based fuzzing of every parser that sees network bytes (README "Fuzzing"). Each target
/// starts from the corpus in tests/Fuzzing/corpus (plus inputs built here) and mutates it for a time budget:
/// <c>STIR_FUZZ_SECONDS</c> per target (default 8; the verifier target gets twice that), so the CI run stays
/// under two minutes; a long run sets it higher. <c>STIR_FUZZ_SEED</c> replays a CsCheck seed. Each target
/// reports its executions; a failing input is written to <c>STIR_FUZZ_FINDINGS</c> (default the test work
/// directory) and fails the test with the shrunk input.
/// </summary>
[NonParallelizable]
public class FuzzTests
{
    private static readonly ConcurrentDictionary<string, long> Executions = new();

    private TestCall _call = null!;

    private static int Seconds => int.TryParse(Environment.GetEnvironmentVariable("STIR_FUZZ_SECONDS"), NumberStyles.None, CultureInfo.InvariantCulture, out var s) && s > 0 ? s : 8;

    private static string? Seed => Environment.GetEnvironmentVariable("STIR_FUZZ_SEED") is { Length: > 0 } seed ? seed : null;

    [OneTimeSetUp]
    public void OneTimeSetUp() => _call = new TestCall();

    [OneTimeTearDown]
    public void OneTimeTearDown()
    {
        _call.Dispose();
        var report = string.Join(Environment.NewLine, Executions.OrderBy(static e => e.Key, StringComparer.Ordinal).Select(static e => $"fuzz {e.Key}: {e.Value} executions"));
        TestContext.Progress.WriteLine(report);
        if (Environment.GetEnvironmentVariable("STIR_FUZZ_REPORT") is { Length: > 0 } path)
        {
            File.AppendAllText(path, report + Environment.NewLine);
        }
    }

    [Test]
    public void Corpus_EveryFile_HoldsEveryProperty()
    {
        var verifier = _call.Verifier();
        foreach (var file in Corpus("sip"))
        {
            FuzzTargets.SipMessageAndVerifier(verifier, Encoding.Latin1.GetString(File.ReadAllBytes(file)), mustPass: false);
        }

        foreach (var file in Corpus("identity"))
        {
            FuzzTargets.IdentityHeaderValue(File.ReadAllText(file).Trim(), "<" + TestCall.X5u + ">");
        }

        foreach (var file in Corpus("passport"))
        {
            FuzzTargets.Passport(File.ReadAllText(file).Trim());
        }

        foreach (var file in Corpus("chain"))
        {
            FuzzTargets.CertificateChainBody(File.ReadAllBytes(file));
        }

        foreach (var file in Corpus("tnauthlist"))
        {
            FuzzTargets.TnAuthListDer(File.ReadAllBytes(file));
        }

        foreach (var file in Corpus("crl"))
        {
            FuzzTargets.Crl(File.ReadAllBytes(file));
        }

        foreach (var file in Corpus("cache-headers"))
        {
            FuzzTargets.CacheHeaders(File.ReadAllText(file).Trim(), "Thu, 01 Dec 2026 16:00:00 GMT", "Mon, 23 Nov 2026 12:00:00 GMT");
        }

        Assert.That(Corpus("sip").Count + Corpus("passport").Count + Corpus("chain").Count, Is.GreaterThan(10));
    }

    [Test]
    public void SipMessage_SignedAndMutated_NeverInternalError_AlwaysBounded_StableUnderReserialization()
    {
        var verifier = _call.Verifier();
        var key = _call.Pki.LeafKey;
        var valid = SipMessage.Parse(_call.SignedInvite()).GetHeader("Identity")!;
        var corpus = Corpus("sip").Select(static f => Encoding.Latin1.GetString(File.ReadAllBytes(f))).ToArray();
        var fromPassports = Gen.Select(PassportGenerator.Cases, Gen.Int[0, 2], Mutations.Some(3), static (c, valid, sip) => (Case: c, Valid: valid, Sip: sip));
        var fromCorpus = Gen.Select(Gen.Int[0, corpus.Length - 1], Mutations.AtLeastOne(6), static (i, m) => (Index: i, Mutations: m));
        var gen = Gen.Frequency(
            (4, fromPassports.Select(x => Input(x.Case.Build(key), x.Valid, x.Sip, x.Case.ToString()))),
            (1, fromCorpus.Select(x => (Text: Mutations.ApplyToText(corpus[x.Index], x.Mutations), MustPass: false, Description: $"corpus {x.Index} [{string.Join(" ", x.Mutations)}]"))));

        Run("sip-verifier", gen, static x => x.Text, x => FuzzTargets.SipMessageAndVerifier(verifier, x.Text, x.MustPass), 2 * Seconds);

        (string Text, bool MustPass, string Description) Input(string identity, int withValid, Mutation[] sip, string description)
        {
            // withValid: 0 = the hostile header alone, 1 = a valid header before it, 2 = after it.
            string[] headers = withValid switch
            {
                1 => ["Identity: " + valid, "Identity: " + identity],
                2 => ["Identity: " + identity, "Identity: " + valid],
                _ => ["Identity: " + identity],
            };
            var text = Mutations.ApplyToText(TestCall.Invite(extraHeaders: headers), sip);
            // Only a header that is still one header field can be judged on its own.
            var mustPass = withValid != 0 && sip.Length == 0 && !identity.AsSpan().ContainsAny('\r', '\n');
            return (text, mustPass, description + $" valid={withValid} sip [{string.Join(" ", sip)}]");
        }
    }

    [Test]
    public void IdentityHeader_BothGenerations_NeverThrows_FormatRoundTrips()
    {
        var key = _call.Pki.LeafKey;
        var seeds = Corpus("identity").Select(static f => File.ReadAllText(f).Trim())
            .Append(SipMessage.Parse(_call.SignedInvite()).GetHeader("Identity")!)
            .Append(_call.Signer.CreateIdentityHeader(new Identity.Signing.SigningRequest(TestCall.Orig, [TestCall.Dest], Attestation.A), compact: true))
            .Append("\"ZYNBbHC00VMZr2kZt6VmCvPonWJMGvQTBDqghoWeLxJfzB2a1pxAr3VgrB0SsSAaifsRdiOPoQZYOy2wrVghuhcsMbHWUSFxI6p6q5TOQXHMmz6uEGuWlEcTUPZ6rsMbfH4F+ov3ioBQS4u5ibe5UmMOu1OIpPmgW9ZJC63R2/c=\"")
            .ToArray();
        var gen = Gen.Frequency(
            (1, PassportGenerator.Cases.Select(c => c.Build(key))),
            (3, Gen.Select(Gen.Int[0, seeds.Length - 1], Mutations.AtLeastOne(6), (i, m) => Mutations.ApplyToChars(seeds[i], m))));
        var info = "<https://cert.example.org/cert.cer>;alg=rsa-sha256";

        Run("identity-header", gen, static v => v, v => FuzzTargets.IdentityHeaderValue(v, info), Seconds);
    }

    [Test]
    public void Passport_NeverThrows_CanonicalReserializationStable()
    {
        var key = _call.Pki.LeafKey;
        var seeds = Corpus("passport").Select(static f => File.ReadAllText(f).Trim()).ToArray();
        var gen = Gen.Frequency(
            (3, PassportGenerator.Cases.Select(c => c.Build(key).Split(';')[0])),
            (1, Gen.Select(Gen.Int[0, seeds.Length - 1], Mutations.AtLeastOne(6), (i, m) => Mutations.ApplyToChars(seeds[i], m))));

        Run("passport", gen, static v => v, FuzzTargets.Passport, Seconds);
    }

    [Test]
    public void CertificateChainBody_NeverThrows_PemRoundTrips()
    {
        var seeds = Corpus("chain").Select(File.ReadAllBytes)
            .Append(Encoding.ASCII.GetBytes(_call.Pki.ChainPem))
            .Append(_call.Pki.Leaf.RawData)
            .Append(_call.Pki.Intermediate.RawData)
            .ToArray();

        Run("certificate-chain", BytesFrom(seeds, 8), Hex, FuzzTargets.CertificateChainBody, Seconds);
    }

    [Test]
    public void TnAuthList_NeverThrows_ReencodingStable()
    {
        var seeds = Corpus("tnauthlist").Select(File.ReadAllBytes)
            .Append(TnAuthList.Encode(["1234"]))
            .Append(TnAuthList.Encode([], [new TelephoneNumberRange("12155550000", 100)], ["12155551212", "1*#"]))
            .Append(TnAuthList.Encode(["0573", "4036"], null, ["1"]))
            .ToArray();

        Run("tnauthlist", BytesFrom(seeds, 6), Hex, FuzzTargets.TnAuthListDer, Seconds);
    }

    [Test]
    public void Crl_NeverThrows()
    {
        var now = TestCall.Now;
        var crl = _call.Pki.IssueCrl([_call.Pki.Leaf], now.AddHours(-1), now.AddDays(7));
        var empty = _call.Pki.IssueCrl([], now.AddHours(-1), now.AddDays(7));
        var seeds = Corpus("crl").Select(File.ReadAllBytes)
            .Append(crl)
            .Append(empty)
            .Append(Encoding.ASCII.GetBytes(PemEncoding.WriteString("X509 CRL", crl)))
            .ToArray();

        Run("crl", BytesFrom(seeds, 6), Hex, FuzzTargets.Crl, Seconds);
    }

    [Test]
    public void HttpCacheHeaders_NeverThrow_LifetimeWithinNotAfter()
    {
        var seeds = Corpus("cache-headers").Select(static f => File.ReadAllText(f).Trim()).Append("max-age=0").Append("s-maxage=99999999999999999999").ToArray();
        string[] dates = ["Thu, 01 Dec 2026 16:00:00 GMT", "Mon, 23 Nov 2026 12:00:00 GMT", "0", "-1", "Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT"];
        var text = static (string[] pool) => Gen.Select(Gen.Int[0, pool.Length - 1], Mutations.Some(4), (i, m) => Mutations.ApplyToChars(pool[i], m));
        var gen = Gen.Select(text(seeds), text(dates), text(dates), static (c, e, d) => (CacheControl: c, Expires: e, Date: d));

        Run("http-cache-headers", gen, static x => $"Cache-Control: {x.CacheControl} | Expires: {x.Expires} | Date: {x.Date}", x => FuzzTargets.CacheHeaders(x.CacheControl, x.Expires, x.Date), Seconds);
    }

    internal static IReadOnlyList<string> Corpus(string target)
    {
        var directory = HostileCases.Directory("corpus", target);
        return Directory.Exists(directory) ? [.. Directory.GetFiles(directory).Order(StringComparer.Ordinal)] : [];
    }

    private static Gen<byte[]> BytesFrom(byte[][] seeds, int maxMutations) =>
        Gen.Select(Gen.Int[0, seeds.Length - 1], Mutations.AtLeastOne(maxMutations), (i, m) => Mutations.Apply(seeds[i], m));

    private static string Hex(byte[] bytes) => Convert.ToHexString(bytes);

    private static void Run<T>(string target, Gen<T> gen, Func<T, string> print, Action<T> property, int seconds)
    {
        long count = 0;
        var stopwatch = Stopwatch.StartNew();
        try
        {
            gen.Sample(
                input =>
                {
                    Interlocked.Increment(ref count);
                    try
                    {
                        property(input);
                    }
                    catch (Exception e)
                    {
                        Save(target, print(input), e);
                        throw;
                    }
                },
                seed: Seed,
                time: seconds,
                print: print);
        }
        finally
        {
            Executions.AddOrUpdate(target, count, (_, previous) => previous + count);
            TestContext.Progress.WriteLine($"fuzz {target}: {count} executions in {stopwatch.Elapsed.TotalSeconds:F0} s");
        }
    }

    private static void Save(string target, string input, Exception e)
    {
        var directory = Environment.GetEnvironmentVariable("STIR_FUZZ_FINDINGS") is { Length: > 0 } configured
            ? configured
            : Path.Combine(TestContext.CurrentContext.WorkDirectory, "fuzz-findings");
        Directory.CreateDirectory(directory);
        var name = $"{target}-{Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(input)))[..16]}.txt";
        File.WriteAllText(Path.Combine(directory, name), $"{e.GetType().Name}: {e.Message}\n{input}\n");
    }
}
