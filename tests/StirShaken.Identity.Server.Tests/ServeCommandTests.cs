using StirShaken.Identity.Interop.Tests.Infrastructure;

namespace StirShaken.Identity.Server.Tests;

/// <summary>The <c>serve</c> command's CLI contract (README "Command-line tool"): help, and one stderr line with exit 2 for every start error.</summary>
[TestFixture]
public sealed class ServeCommandTests
{
    [Test]
    public void Help_lists_the_options_and_exits_0()
    {
        var result = CliRunner.Run("serve", "--help");

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.StdOut, Does.Contain("--listen HOST:PORT").And.Contain("--redis CONFIG").And.Contain("--signing-key KEY.pem")
            .And.Contain("--legacy-trust-anchor PEM").And.Contain("--profile").And.Contain("--strict-tn"));
    }

    [TestCase(new[] { "serve", "--listen", "127.0.0.1:0" }, "trust anchor")]
    [TestCase(new[] { "serve", "--listen", "not a host/port", "--trust-anchor", "x.pem" }, "--listen")]
    [TestCase(new[] { "serve", "--listen", "127.0.0.1:0", "--trust-anchor", "/nonexistent/root.pem" }, "/nonexistent/root.pem")]
    [TestCase(new[] { "serve", "--listen", "127.0.0.1:0", "--config", "/nonexistent/app.json" }, "--config")]
    [TestCase(new[] { "serve", "--listen", "127.0.0.1:0", "--signing-key", "/nonexistent/key.pem" }, "SigningKeyPath and SigningX5u go together")]
    [TestCase(new[] { "serve", "--cert", "https://x.example/sp.pem" }, "--cert expects URL=FILE")]
    [TestCase(new[] { "serve", "--listen", "127.0.0.1:0", "--trust-anchor", "/nonexistent/root.pem", "--profile", "atiss" }, "--profile 'atiss'")]
    [TestCase(new[] { "serve", "--listen", "127.0.0.1:0", "--legacy-trust-anchor", "/nonexistent/legacy-ca.pem" }, "/nonexistent/legacy-ca.pem")]
    public void Start_errors_are_one_stderr_line_and_exit_2(string[] arguments, string mentions)
    {
        var result = CliRunner.Run(arguments, stdin: null, timeout: TimeSpan.FromSeconds(60));

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
            Assert.That(result.StdErr.Trim().Split('\n'), Has.Length.EqualTo(1), result.ToString());
            Assert.That(result.StdErr, Does.StartWith("stir-identity: error: ").And.Contain(mentions), result.ToString());
        });
    }
}
