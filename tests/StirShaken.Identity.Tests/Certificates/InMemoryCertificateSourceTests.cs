using StirShaken.Identity.Certificates;
using StirShaken.Identity.Testing;

namespace StirShaken.Identity.Tests.Certificates;

/// <summary>The offline source, alone and in front of another source (the CLI's and the service's --cert URL=FILE).</summary>
public class InMemoryCertificateSourceTests
{
    private sealed class RecordingSource : ICertificateSource
    {
        public List<string> Asked { get; } = [];

        public ValueTask<CertificateFetchResult> GetCertificateChainAsync(string url, CancellationToken cancellationToken = default)
        {
            Asked.Add(url);
            return ValueTask.FromResult(CertificateFetchResult.Fail(CertificateFetchFailure.ConnectFailure, "network"));
        }
    }

    [Test]
    public async Task Without_fallback_an_unconfigured_url_is_not_found()
    {
        var result = await new InMemoryCertificateSource().GetCertificateChainAsync("https://cert.example.org/none.pem");

        Assert.That((result.IsSuccess, result.Failure), Is.EqualTo((false, CertificateFetchFailure.NotFound)));
    }

    [Test]
    public async Task Configured_chains_come_first_and_only_other_urls_reach_the_fallback()
    {
        using var pki = TestPki.Create();
        var network = new RecordingSource();
        var source = new InMemoryCertificateSource(network).Add("https://cert.example.org/sp.pem", pki.Chain);

        var local = await source.GetCertificateChainAsync("https://cert.example.org/sp.pem");
        var other = await source.GetCertificateChainAsync("https://cert.example.org/other.pem");

        Assert.Multiple(() =>
        {
            Assert.That(local.IsSuccess, Is.True);
            Assert.That(local.Chain, Is.SameAs(pki.Chain));
            Assert.That(other.Failure, Is.EqualTo(CertificateFetchFailure.ConnectFailure), "the fallback's own answer");
            Assert.That(network.Asked, Is.EqualTo(new[] { "https://cert.example.org/other.pem" }));
        });
    }
}
