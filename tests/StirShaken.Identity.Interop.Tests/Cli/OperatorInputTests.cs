using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using StirShaken.Identity.Interop.Tests.Infrastructure;

namespace StirShaken.Identity.Interop.Tests.Cli;

/// <summary>
/// Issue 8 §6: operator inputs. The tools read regular files only (FIFOs and devices are refused before they are
/// opened, so nothing blocks), every file within a documented size, and URLs without control characters.
/// Each run has a timeout: a FIFO that blocked would fail the test by timing out.
/// </summary>
[TestFixture]
public sealed class OperatorInputTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private static readonly Dictionary<string, string> SmallHeap = new() { ["DOTNET_GCHeapHardLimit"] = "0x4000000" };

    private CliFixturePki _fixture = null!;
    private string _fifo = null!;

    [OneTimeSetUp]
    public void SetUp()
    {
        _fixture = new CliFixturePki();
        _fifo = MakeFifo(_fixture.Files.Path("operator.fifo"));
    }

    [OneTimeTearDown]
    public void TearDown() => _fixture.Dispose();

    [Test]
    public void Batch_with_a_fifo_named_sip_prints_every_line_and_an_error_line_for_the_fifo()
    {
        var directory = Directory.CreateDirectory(_fixture.Files.Path("batch-fifo")).FullName;
        File.WriteAllText(Path.Combine(directory, "a.sip"), _fixture.SignedInvite());
        MakeFifo(Path.Combine(directory, "b.sip"));
        File.WriteAllText(Path.Combine(directory, "c.sip"), _fixture.SignedInvite());

        var result = CliRunner.Run(
            ["verify", "--batch", directory, "--trust-anchor", _fixture.Files.RootPem, "--cert", _fixture.CertArgument, "--at", CliFixturePki.Now.ToString(CultureInfo.InvariantCulture)],
            stdin: null, timeout: Timeout);
        var lines = result.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
            Assert.That(lines.Select(l => l.GetProperty("file").GetString()), Is.EqualTo(new[] { "a.sip", "b.sip", "c.sip" }));
            Assert.That(lines[0].GetProperty("verified").GetBoolean(), Is.True);
            Assert.That(lines[1].GetProperty("error").GetString(), Does.Contain("a FIFO, not a regular file"));
            Assert.That(lines[2].GetProperty("verified").GetBoolean(), Is.True);
        });
    }

    [TestCase("message")]
    [TestCase("trust-anchor")]
    [TestCase("cert")]
    [TestCase("key")]
    public void A_fifo_is_refused_without_blocking(string option) =>
        AssertRefused(Arguments(option, _fifo), "not a regular file");

    [TestCase("trust-anchor")]
    [TestCase("cert")]
    [TestCase("key")]
    public void A_device_is_refused_without_reading_it(string option) =>
        AssertRefused(Arguments(option, "/dev/zero"), "not a regular file");

    [TestCase("trust-anchor", "larger than 1048576 bytes")]
    [TestCase("cert", "larger than 65536 bytes")]
    [TestCase("key", "larger than 65536 bytes")]
    public void An_oversized_file_is_refused_in_bounded_memory(string option, string expected)
    {
        var path = _fixture.Files.Path($"huge-{option}.pem");
        using (var huge = File.Create(path))
        {
            huge.SetLength(64L << 20);
        }

        AssertRefused(Arguments(option, path), expected);
    }

    [TestCase("https://cert.example.org/sp.pem\r\nX-Injected: 1")]
    [TestCase("https://cert.example.org/sp.pem\n")]
    [TestCase("https://cert.example.org/s p.pem")]
    [TestCase("https://cert.example.org/sp.pem\u0085")]
    public void Sign_refuses_control_characters_in_x5u(string x5u) =>
        AssertRefused(["sign", "--key", _fixture.Files.KeyPem, "--x5u", x5u, "--orig", "12155551212", "--dest", "12125551213"], "control character");

    [Test]
    public void Verify_refuses_control_characters_in_a_cert_url() =>
        AssertRefused(["verify", "--message", _fixture.Files.Write("cr.sip", _fixture.SignedInvite()), "--trust-anchor", _fixture.Files.RootPem, "--cert", $"https://cert.example.org/a\r\nb={_fixture.Files.ChainPem}"], "control character");

    private string[] Arguments(string option, string path)
    {
        var message = _fixture.Files.Write("operator.sip", _fixture.SignedInvite());
        return option switch
        {
            "key" => ["sign", "--key", path, "--x5u", "https://cert.example.org/sp.pem", "--orig", "12155551212", "--dest", "12125551213"],
            "message" => ["verify", "--message", path, "--trust-anchor", _fixture.Files.RootPem, "--cert", _fixture.CertArgument],
            "trust-anchor" => ["verify", "--message", message, "--trust-anchor", path, "--cert", _fixture.CertArgument],
            "cert" => ["verify", "--message", message, "--trust-anchor", _fixture.Files.RootPem, "--cert", $"https://cert.example.org/sp.pem={path}"],
            _ => throw new ArgumentOutOfRangeException(nameof(option)),
        };
    }

    private static void AssertRefused(string[] arguments, string expected)
    {
        var result = CliRunner.Run(arguments, stdin: null, timeout: Timeout, environment: SmallHeap);
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
            Assert.That(result.StdErr, Does.Contain(expected), result.ToString());
            Assert.That(result.StdOut, Is.Empty);
        });
    }

    private static string MakeFifo(string path)
    {
        File.Delete(path);
        using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [path]) { UseShellExecute = false })!;
        mkfifo.WaitForExit();
        Assert.That(mkfifo.ExitCode, Is.Zero, "mkfifo");
        return path;
    }
}
