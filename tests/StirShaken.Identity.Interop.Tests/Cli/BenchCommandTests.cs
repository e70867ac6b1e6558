using System.Globalization;
using StirShaken.Identity.Interop.Tests.Infrastructure;

namespace StirShaken.Identity.Interop.Tests.Cli;

/// <summary><c>stir-identity bench</c>: every key=value line is there with a sane value. Never asserts speed.</summary>
[TestFixture]
public sealed class BenchCommandTests
{
    private static readonly string[] Keys =
        ["messages", "seconds", "threads", "verify_per_second", "ecdsa_verify_per_second", "ratio", "allocated_bytes_per_verify", "p50_us", "p99_us"];

    [Test]
    public void ShortRun_PrintsEveryKey_WithSaneValues()
    {
        var result = CliRunner.Run(["bench", "--seconds", "1", "--messages", "50", "--threads", "2"], stdin: null, timeout: TimeSpan.FromMinutes(2));
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        var lines = result.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.That(lines.Select(l => l.Split('=')[0]), Is.EqualTo(Keys), result.ToString());
        var values = lines.ToDictionary(l => l.Split('=')[0], l => double.Parse(l.Split('=')[1], NumberStyles.Float, CultureInfo.InvariantCulture));

        Assert.Multiple(() =>
        {
            Assert.That(values["messages"], Is.EqualTo(50));
            Assert.That(values["seconds"], Is.EqualTo(1));
            Assert.That(values["threads"], Is.EqualTo(2));
            Assert.That(values["verify_per_second"], Is.GreaterThan(0));
            Assert.That(values["ecdsa_verify_per_second"], Is.GreaterThan(0));
            Assert.That(values["ratio"], Is.EqualTo(values["verify_per_second"] / values["ecdsa_verify_per_second"]).Within(0.0015 + (0.001 * values["ratio"])));
            Assert.That(values["allocated_bytes_per_verify"], Is.GreaterThan(0).And.LessThan(10_000_000));
            Assert.That(values["p50_us"], Is.GreaterThan(0));
            Assert.That(values["p99_us"], Is.GreaterThanOrEqualTo(values["p50_us"]));
        });
    }

    [Test]
    public void WriteIdentities_GivesAPeerTheSameSignaturesAndTheKeyThatVerifiesThem()
    {
        var directory = Directory.CreateTempSubdirectory("bench-peer").FullName;
        try
        {
            var result = CliRunner.Run(["bench", "--seconds", "1", "--messages", "20", "--threads", "1", "--write-identities", directory], stdin: null, timeout: TimeSpan.FromMinutes(2));
            Assert.That(result.ExitCode, Is.Zero, result.ToString());

            var identities = File.ReadAllLines(Path.Combine(directory, "identities.txt"));
            using var key = System.Security.Cryptography.ECDsa.Create();
            key.ImportFromPem(File.ReadAllText(Path.Combine(directory, "signer-public.pem")));
            Assert.That(identities, Has.Length.EqualTo(20));
            Assert.That(identities.Distinct().Count(), Is.EqualTo(20), "distinct messages");
            foreach (var identity in identities)
            {
                var header = Identity.Parsing.IdentityHeader.Parse(identity);
                Assert.That(Identity.Passport.PassportToken.TryParse(header.Token).GetValueOrThrow().VerifySignature(key), Is.True, identity);
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [TestCase("--seconds", "0")]
    [TestCase("--threads", "-1")]
    [TestCase("--messages", "many")]
    public void BadNumber_Exit2_OneLine(string option, string value)
    {
        var result = CliRunner.Run("bench", option, value);
        Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
        Assert.That(result.StdErr.Trim(), Does.StartWith($"stir-identity: error: {option} expects a whole number"));
    }

    [Test]
    public void Misspelled_SuggestsBench()
    {
        var result = CliRunner.Run("bech");
        Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
        Assert.That(result.StdErr, Does.Contain("did you mean 'bench'?"));
    }

    [Test]
    public void GeneralHelp_ListsBench()
    {
        var result = CliRunner.Run("--help");
        Assert.That(result.StdOut, Does.Contain("  bench "));
    }
}
