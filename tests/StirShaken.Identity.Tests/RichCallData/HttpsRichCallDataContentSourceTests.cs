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
        _server.MapText("/clean.svg", CleanSvg, "image/svg+xml");
        _server.MapText("/nested.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\"><image xlink:href=\"https://tracker.example/pixel.png\"/></svg>", "image/svg+xml");
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

    private const string CleanSvg = "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" viewBox=\"0 0 8 8\">"
        + "<defs><linearGradient id=\"g\"/></defs><rect fill=\"url(#g)\" width=\"8\" height=\"8\"/><use xlink:href=\"#g\"/></svg>";

    [Test]
    public async Task Svg_WithoutReferences_Accepted_WithANestedUri_Refused()
    {
        using var source = Source();
        var clean = await source.GetAsync(_server.Url("/clean.svg"), RichCallDataContentKind.Image, CancellationToken.None);
        var nested = await source.GetAsync(_server.Url("/nested.svg"), RichCallDataContentKind.Image, CancellationToken.None);
        Assert.That(clean.Body, Is.Not.Null, clean.Failure);
        Assert.That(nested.Body, Is.Null);
        Assert.That(nested.Failure, Does.Contain("xlink:href").And.Contain("RFC 9795 §5.1.4"));
    }

    [TestCase("<svg xmlns=\"http://www.w3.org/2000/svg\"><a href=\"https://evil.example/\"><rect/></a></svg>", "href")]
    [TestCase("<svg xmlns=\"http://www.w3.org/2000/svg\"><rect style=\"fill:url( 'https://evil.example/p.svg#x')\"/></svg>", "style")]
    [TestCase("<svg xmlns=\"http://www.w3.org/2000/svg\"><style>@import 'https://evil.example/a.css';</style></svg>", "@import")]
    [TestCase("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>fetch('x')</script></svg>", "<script>")]
    [TestCase("<svg xmlns=\"http://www.w3.org/2000/svg\"><foreignObject/></svg>", "<foreignObject>")]
    [TestCase("<!DOCTYPE svg [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><svg>&x;</svg>", "DTD")]
    [TestCase("<svg", "well-formed")]
    public void SvgReference_RefusesEveryWayToReachFurther(string svg, string expected) =>
        Assert.That(HttpsRichCallDataContentSource.SvgReference(System.Text.Encoding.UTF8.GetBytes(svg)), Does.Contain(expected));

    [Test]
    public void SvgReference_NullForSameDocumentReferences() =>
        Assert.That(HttpsRichCallDataContentSource.SvgReference(System.Text.Encoding.UTF8.GetBytes(CleanSvg)), Is.Null);
}
