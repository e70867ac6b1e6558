using System.Text;
using StirShaken.Identity.Interop.Tests.Infrastructure;

namespace StirShaken.Identity.Interop.Tests.Sip;

/// <summary>The real samples/SipEndpoint process over UDP on 127.0.0.1, driven by sipsak and raw datagrams.</summary>
[TestFixture]
[NonParallelizable]
public sealed class SipEndpointSampleTests
{
    private SipTestPki _pki = null!;
    private SipEndpointProcess _endpoint = null!;
    private string _sipsak = null!;

    [OneTimeSetUp]
    public async Task StartEndpoint()
    {
        _sipsak = SipInteropTools.RequireExecutable("sipsak");
        _pki = SipTestPki.Create();
        _endpoint = await SipEndpointProcess.StartAsync(_pki.RootPath, new Dictionary<string, string> { [SipTestPki.X5u] = _pki.ChainPath });
    }

    [OneTimeTearDown]
    public void StopEndpoint()
    {
        _endpoint?.Dispose();
        _pki?.Dispose();
    }

    [Test]
    public async Task Sipsak_options_ping_gets_200()
    {
        var result = ProcessRunner.Run(_sipsak, ["-vv", "-s", $"sip:127.0.0.1:{_endpoint.Port}"], timeout: TimeSpan.FromSeconds(20));

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.Output, Does.Contain("SIP/2.0 200 OK"));
        await _endpoint.WaitForLineAsync(l => l.Contains(" OPTIONS ", StringComparison.Ordinal) && l.Contains("-> 200 OK", StringComparison.Ordinal), TimeSpan.FromSeconds(5), "OPTIONS log line");
    }

    [Test]
    public async Task Sipsak_signed_invite_gets_200_with_verstat()
    {
        var callId = "ok-" + Guid.NewGuid().ToString("N");
        var file = _pki.WriteForSipsak(callId + ".sip", _pki.SignedInvite(callId, _endpoint.Port));

        var result = ProcessRunner.Run(_sipsak, ["-vv", "-f", file, "-s", $"sip:+{SipTestPki.DestTn}@127.0.0.1:{_endpoint.Port}"], timeout: TimeSpan.FromSeconds(20));

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.Output, Does.Contain("SIP/2.0 200 OK").And.Contain("X-Verstat: TN-Validation-Passed").And.Contain("X-Attestation: A"));
        var line = await _endpoint.WaitForRequestLineAsync("INVITE", callId);
        Assert.That(line, Does.Contain("-> 200 OK TN-Validation-Passed attest=A orig=12155551212 dest=12125551213").And.Contain("spc=1234"));
    }

    [Test]
    public async Task Sipsak_tampered_invite_gets_438_with_reason()
    {
        var callId = "tampered-" + Guid.NewGuid().ToString("N");
        var signed = _pki.SignedInvite(callId, _endpoint.Port);
        var tampered = signed.Replace($"To: <sip:+{SipTestPki.DestTn}@", "To: <sip:+12125550000@", StringComparison.Ordinal);
        Assert.That(tampered, Is.Not.EqualTo(signed));
        var file = _pki.WriteForSipsak(callId + ".sip", tampered);

        var result = ProcessRunner.Run(_sipsak, ["-vv", "-f", file, "-s", $"sip:+{SipTestPki.DestTn}@127.0.0.1:{_endpoint.Port}"], timeout: TimeSpan.FromSeconds(20));

        Assert.That(result.ExitCode, Is.EqualTo(1), "sipsak exits 1 on a non-2xx final response\n" + result);
        Assert.That(result.Output, Does.Contain("SIP/2.0 438 Invalid Identity Header")
            .And.Contain("Reason: SIP ;cause=438 ;text=\"Invalid Identity Header\"")
            .And.Contain($"Call-ID: {callId}"));
        var line = await _endpoint.WaitForRequestLineAsync("INVITE", callId);
        Assert.That(line, Does.Contain("-> 438 Invalid Identity Header TN-Validation-Failed DestMismatch"));
    }

    [Test]
    public async Task Unsigned_invite_gets_200_no_validation_and_a_response_per_rfc3261()
    {
        var callId = "unsigned-" + Guid.NewGuid().ToString("N");

        var reply = await SipInteropTools.SendAndReceiveAsync(_endpoint.Port, SipTestPki.Invite(callId, _endpoint.Port), TimeSpan.FromSeconds(10));

        Assert.That(reply, Is.Not.Null, _endpoint.ToString());
        var lines = reply!.Split("\r\n");
        Assert.That(lines[0], Is.EqualTo("SIP/2.0 200 OK"));
        Assert.That(lines, Does.Contain($"Via: SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bK{callId};rport")
            .And.Contain($"Call-ID: {callId}")
            .And.Contain("CSeq: 1 INVITE")
            .And.Contain("X-Verstat: No-TN-Validation")
            .And.Contain("Content-Length: 0"));
        Assert.That(lines.Single(l => l.StartsWith("To: ", StringComparison.Ordinal)), Does.Match(@"^To: <sip:\+12125551213@example\.net;user=phone>;tag=[0-9a-f]{16}$"));
        Assert.That(reply, Does.EndWith("\r\n\r\n"));
    }

    [Test]
    public async Task Garbage_datagrams_are_ignored_and_the_endpoint_keeps_serving()
    {
        byte[][] garbage =
        [
            [0x00, 0xff, 0xfe, 0x80, 0x0d, 0x0a],
            Encoding.ASCII.GetBytes("\r\n\r\n"),
            Encoding.ASCII.GetBytes("INVITE sip:x SIP/2.0\r\nVia: \r\n"),
            Encoding.ASCII.GetBytes("SIP/2.0 200 OK\r\nCall-ID: x\r\n\r\n"),
            Encoding.ASCII.GetBytes("INVITE sip:+12125551213@127.0.0.1 SIP/2.0\r\nIdentity: ..;;;;\r\nCall-ID: no-via\r\n\r\n"),
            Encoding.UTF8.GetBytes(new string('A', 60_000)),
            Encoding.ASCII.GetBytes("INVITE sip:+12125551213@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bKg\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:c@d>\r\nCall-ID: garbage-identity\r\nCSeq: 1 INVITE\r\nIdentity: \u00ff\u00fe.x.y;info=<>;alg=\r\nContent-Length: 0\r\n\r\n"),
        ];
        await SipInteropTools.SendAsync(_endpoint.Port, garbage);

        var reply = await SipInteropTools.SendAndReceiveAsync(_endpoint.Port, SipInteropTools.Options(_endpoint.Port, "after-garbage"), TimeSpan.FromSeconds(10));

        Assert.That(reply, Does.StartWith("SIP/2.0 200 OK"), _endpoint.ToString());
        Assert.That(_endpoint.HasExited, Is.False);
        var line = await _endpoint.WaitForRequestLineAsync("INVITE", "garbage-identity");
        Assert.That(line, Does.Contain("-> 438 Invalid Identity Header"));
    }

    [Test]
    public async Task Require_identity_answers_428_and_sigterm_stops_the_process()
    {
        using var strict = await SipEndpointProcess.StartAsync(_pki.RootPath, new Dictionary<string, string> { [SipTestPki.X5u] = _pki.ChainPath }, "--require-identity");
        var callId = "require-" + Guid.NewGuid().ToString("N");

        var reply = await SipInteropTools.SendAndReceiveAsync(strict.Port, SipTestPki.Invite(callId, strict.Port), TimeSpan.FromSeconds(10));

        Assert.That(reply, Does.StartWith("SIP/2.0 428 Use Identity Header\r\n").And.Contain("Reason: SIP ;cause=428"), strict.ToString());
        Assert.That(strict.Stop(TimeSpan.FromSeconds(10)), Is.True, "SIGTERM should stop the endpoint");
        Assert.That(strict.ExitCode, Is.Zero, strict.ToString());
        Assert.That(strict.Lines, Does.Contain("stopped"));
    }
}
