using StirShaken.Identity.Tests.Support;
using StirShaken.Identity.Verification;

namespace StirShaken.Identity.Tests.Rcd;

/// <summary>RCD content fetching through the hardened fetcher, against the local HTTPS test server (127.0.0.1).</summary>
public class HttpsRichCallDataContentSourceTests
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3];
    private TestHttpsServer _server = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _server = await TestHttpsServer.StartAsync();
        _server.MapBytes("/logo.png", Png, "image/png");
        _server.MapBytes("/logo.txt", Png, "text/plain");
        _server.MapBytes("/big.png", new byte[300 * 1024], "image/png");
        _server.MapBytes("/card.json", "[\"vcard\",[]]"u8.ToArray(), "application/json");
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _server.DisposeAsync();

    private HttpsRichCallDataContentSource Source() => new(new RichCallDataFetchOptions { Fetcher = _server.FetcherOptions(null) });

    [Test]
    public async Task Image_Fetched_ThenCached()
    {
        using var source = Source();
        var before = _server.Hits("/logo.png");
        var first = await source.GetAsync(_server.Url("/logo.png"), RichCallDataContentKind.Image, CancellationToken.None);
        var second = await source.GetAsync(_server.Url("/logo.png"), RichCallDataContentKind.Image, CancellationToken.None);
        Assert.That(first.Body, Is.EqualTo(Png), first.Failure);
        Assert.That(second.Body, Is.EqualTo(Png));
        Assert.That(_server.Hits("/logo.png") - before, Is.EqualTo(1), "the second request is served from the RCD cache");
    }

    [Test]
    public async Task WrongType_TooLarge_AndJCardAsImage_AreRefused()
    {
        using var source = Source();
        var text = await source.GetAsync(_server.Url("/logo.txt"), RichCallDataContentKind.Image, CancellationToken.None);
        var big = await source.GetAsync(_server.Url("/big.png"), RichCallDataContentKind.Image, CancellationToken.None);
        var json = await source.GetAsync(_server.Url("/card.json"), RichCallDataContentKind.Image, CancellationToken.None);
        var card = await source.GetAsync(_server.Url("/card.json"), RichCallDataContentKind.JCard, CancellationToken.None);
        Assert.That(text.Failure, Does.Contain("text/plain"));
        Assert.That(big.Failure, Does.Contain("TooLarge"));
        Assert.That(json.Failure, Does.Contain("application/json"), "content behind a jCard URI is only ever an image: no nested references");
        Assert.That(card.Body, Is.Not.Null, card.Failure);
    }

    [Test]
    public async Task EndToEnd_IconDigestVerified_OverHttps()
    {
        using var call = new TestCall();
        using var source = Source();
        var icon = _server.Url("/logo.png");
        var rcd = new StirShaken.Identity.Passport.RichCallData("Acme") { Icon = icon };
        var claims = new StirShaken.Identity.Passport.RichCallDataClaims(rcd, null, StirShaken.Identity.Passport.RichCallDataClaims.ComputeIntegrity(rcd, _ => Png));
        var signed = call.Signer.SignWithRichCallData(StirShaken.Identity.Sip.SipMessage.Parse(TestCall.Invite()), StirShaken.Identity.Passport.Attestation.A, claims);
        var verifier = new StirShakenVerifier(call.Certificates, new StirShaken.Identity.Certificates.CertificateValidator(call.Pki.TrustAnchors),
            new VerifierOptions { RichCallData = new RichCallDataOptions { FetchContent = true } },
            new StirShakenVerifierDependencies { TimeProvider = call.Clock, RichCallDataContent = source });

        var result = await verifier.VerifyAsync(signed);

        Assert.That(result.RichCallData!.IsSuccess, Is.True, string.Join("; ", result.RichCallData.Elements));
    }
}
