using System.Text.Json;
using StirShaken.Identity.Interop.Tests.Infrastructure;

namespace StirShaken.Identity.Interop.Tests.Cli;

/// <summary><c>verify --batch DIR</c>: one JSON line per *.sip file, ordinal name order, exit 0/1/2.</summary>
[TestFixture]
public sealed class BatchVerifyTests
{
    private CliFixturePki _fixture = null!;

    [OneTimeSetUp]
    public void SetUp() => _fixture = new CliFixturePki();

    [OneTimeTearDown]
    public void TearDown() => _fixture.Dispose();

    [Test]
    public void OneLinePerFile_InOrdinalOrder_Exit1WhenAnyFails()
    {
        var directory = Directory.CreateDirectory(_fixture.Files.Path("batch-mixed")).FullName;
        File.WriteAllText(Path.Combine(directory, "b10.sip"), _fixture.SignedInvite());
        File.WriteAllText(Path.Combine(directory, "b2.sip"), _fixture.TamperedInvite());
        File.WriteAllText(Path.Combine(directory, "B1.sip"), _fixture.SignedInvite(Passport.Attestation.C));
        File.WriteAllText(Path.Combine(directory, "a.sip"), "not a SIP message");
        File.WriteAllText(Path.Combine(directory, "ignored.txt"), _fixture.SignedInvite());
        File.WriteAllText(Path.Combine(directory, "ignored.sip.bak"), _fixture.SignedInvite());

        var result = CliRunner.Run(Batch(directory));
        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        var lines = Lines(result);
        Assert.That(lines.Select(l => l.String("file")), Is.EqualTo(new[] { "B1.sip", "a.sip", "b10.sip", "b2.sip" }));
        Assert.That(lines.Select(l => l.GetProperty("statusCode").GetInt32()), Is.EqualTo(new[] { 200, 438, 200, 438 }));
        Assert.That(lines[0].String("attestation"), Is.EqualTo("C"));
        Assert.That(lines[1].String("reason"), Is.EqualTo("MalformedMessage"));
    }

    [Test]
    public void ManyFiles_AllVerified_Exit0_OrderPreserved()
    {
        const int count = 400;
        var directory = Directory.CreateDirectory(_fixture.Files.Path("batch-many")).FullName;
        for (var i = 0; i < count; i++)
        {
            File.WriteAllText(Path.Combine(directory, $"call-{i:D5}.sip"), _fixture.SignedInvite(callId: $"call-{i}@example.com"));
        }

        var result = CliRunner.Run(Batch(directory), stdin: null, timeout: TimeSpan.FromMinutes(2));
        Assert.That(result.ExitCode, Is.Zero, result.StdErr);
        var lines = Lines(result);
        Assert.That(lines, Has.Count.EqualTo(count));
        Assert.That(lines.Select(l => l.String("file")), Is.EqualTo(Enumerable.Range(0, count).Select(i => $"call-{i:D5}.sip")));
        Assert.That(lines.All(l => l.GetProperty("verified").GetBoolean()), Is.True);
    }

    [Test]
    public void ManyFiles_MixedPassAndFail_EachLineInNameOrder_WithItsOwnVerdict()
    {
        // Failures are quicker than passes (no signature check), so the workers finish out of order: the writer must not.
        const int count = 600;
        var directory = Directory.CreateDirectory(_fixture.Files.Path("batch-mixed-many")).FullName;
        var tampered = _fixture.TamperedInvite();
        var expected = new List<(string File, int Status, string? Reason)>();
        for (var i = 0; i < count; i++)
        {
            var (text, status, reason) = (i % 7, i % 11) switch
            {
                (0, _) => (tampered, 438, "InvalidSignature"),
                (_, 0) => ("not a SIP message", 438, "MalformedMessage"),
                _ => (_fixture.SignedInvite(callId: $"mixed-{i}@example.com"), 200, (string?)null),
            };
            var name = $"m-{i:D4}.sip";
            File.WriteAllText(Path.Combine(directory, name), text);
            expected.Add((name, status, reason));
        }

        var result = CliRunner.Run(Batch(directory), stdin: null, timeout: TimeSpan.FromMinutes(2));
        Assert.That(result.ExitCode, Is.EqualTo(1), result.StdErr);
        var lines = Lines(result);
        Assert.That(lines.Select(l => (l.String("file")!, l.GetProperty("statusCode").GetInt32(), l.String("reason"))), Is.EqualTo(expected));
        Assert.That(lines.Select(l => l.GetProperty("verified").GetBoolean()), Is.EqualTo(expected.Select(e => e.Status == 200)));
        Assert.That(lines.Where(l => !l.GetProperty("verified").GetBoolean() && l.String("reason") == "InvalidSignature").Select(l => l.String("response")),
            Has.All.StartWith("SIP/2.0 438 Invalid Identity Header\r\n"), "a failure line still carries the response to its own request");
    }

    [Test]
    public void HugeFile_IsReadOnlyUpToTheMessageLimit_InBoundedMemory_AndADeviceGetsAnErrorLine()
    {
        // A .sip of 64 MB under a 64 MB GC heap: it is read only one character past SipParserOptions.MaxMessageLength,
        // so it is 438 MessageTooLarge. A .sip that is a device (/dev/zero) is not read at all: only regular files are
        // (issue 8 §6), it gets an error line and the regular files around it their lines.
        var directory = Directory.CreateDirectory(_fixture.Files.Path("batch-huge")).FullName;
        File.WriteAllText(Path.Combine(directory, "a.sip"), _fixture.SignedInvite());
        File.CreateSymbolicLink(Path.Combine(directory, "b.sip"), "/dev/zero");
        using (var huge = File.Create(Path.Combine(directory, "c.sip")))
        {
            huge.SetLength(64L << 20);
        }

        var result = CliRunner.Run(Batch(directory), stdin: null, timeout: TimeSpan.FromSeconds(60), environment: SmallHeap);
        Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
        var lines = Lines(result);
        Assert.That(lines.Select(l => l.String("file")), Is.EqualTo(new[] { "a.sip", "b.sip", "c.sip" }));
        Assert.That(lines[0].GetProperty("verified").GetBoolean(), Is.True);
        Assert.That(lines[1].String("error"), Does.Contain("character device"), result.ToString());
        Assert.That(lines[2].GetProperty("statusCode").GetInt32(), Is.EqualTo(438), result.ToString());
        Assert.That(lines[2].String("diagnostic"), Does.Contain("MessageTooLarge"), result.ToString());

        var single = CliRunner.Run(_fixture.VerifyArguments("/dev/zero"), stdin: null, timeout: TimeSpan.FromSeconds(60), environment: SmallHeap);
        Assert.That(single.ExitCode, Is.EqualTo(2), single.ToString());
        Assert.That(single.StdErr, Does.Contain("not a regular file"));
    }

    [Test]
    public void EmptyFolder_Exit0_NoOutput()
    {
        var directory = Directory.CreateDirectory(_fixture.Files.Path("batch-empty")).FullName;
        var result = CliRunner.Run(Batch(directory));
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.StdOut, Is.Empty);
    }

    [Test]
    public void MissingFolder_Exit2()
    {
        var result = CliRunner.Run(Batch(_fixture.Files.Path("no-such-folder")));
        Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
        Assert.That(result.StdErr.Trim(), Does.StartWith("stir-identity: error: --batch:"));
    }

    /// <summary>A 64 MB GC heap limit: reading a whole huge input would fail with OutOfMemoryException.</summary>
    private static readonly Dictionary<string, string> SmallHeap = new() { ["DOTNET_GCHeapHardLimit"] = "0x4000000" };

    private string[] Batch(string directory) =>
        ["verify", "--batch", directory, "--trust-anchor", _fixture.Files.RootPem, "--cert", _fixture.CertArgument, "--at", CliFixturePki.Now.ToString(System.Globalization.CultureInfo.InvariantCulture)];

    private static List<JsonElement> Lines(ProcessResult result) =>
        [.. result.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line =>
        {
            using var document = JsonDocument.Parse(line);
            return document.RootElement.Clone();
        })];
}
