using System.Text;
using StirShaken.Identity.Certificates;
using StirShaken.Identity.Certificates.Fetching;
using StirShaken.Identity.Tests.Support;

namespace StirShaken.Identity.Tests.RealCertificates;

/// <summary>
/// Issue 8 §7: every real production chain of the regression set validates at its time with its SPC, with and
/// without the ATIS-1000080 CN rule, and each is served over HTTPS in the shapes real repositories use.
/// </summary>
public class RealCertificateTests
{
    private static readonly CertificateValidator Validator = new(RealChains.Roots);
    private static readonly CertificateValidator CnValidator = new(RealChains.Roots, new CertificateValidationOptions { RequireSubjectCnMatchesSpc = true });

    private TestHttpsServer _server = null!;
    private HttpsCertificateSource _source = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _server = await TestHttpsServer.StartAsync();
        _source = new HttpsCertificateSource(_server.FetcherOptions());
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _source.Dispose();
        await _server.DisposeAsync();
    }

    [Test]
    public void The_set_is_complete() => Assert.Multiple(() =>
    {
        Assert.That(RealChains.All, Has.Count.EqualTo(31));
        Assert.That(RealChains.Roots.Anchors, Has.Count.EqualTo(22));
    });

    [TestCaseSource(typeof(RealChains), nameof(RealChains.Cases))]
    public void Validates_at_its_time_with_its_spc(RealChains.Row row)
    {
        var result = Validator.Validate(row.Chain(), row.At);
        Assert.Multiple(() =>
        {
            Assert.That(result.IsSuccess, Is.True, result.Detail);
            Assert.That(result.TnAuthList?.ServiceProviderCodes, Does.Contain(row.Spc));
        });
    }

    [TestCaseSource(typeof(RealChains), nameof(RealChains.Cases))]
    public void Cn_rule_accepts_a_cn_that_contains_shaken_spc(RealChains.Row row)
    {
        var result = CnValidator.Validate(row.Chain(), row.At);
        if (row.CnCarriesSpc)
        {
            Assert.That(result.IsSuccess, Is.True, result.Detail);
        }
        else
        {
            Assert.That(result.Failure, Is.EqualTo(CertificateFailure.SubjectSpcMismatch), result.Detail);
        }
    }

    [TestCaseSource(typeof(RealChains), nameof(RealChains.Cases))]
    public async Task Served_in_the_shapes_real_repositories_use(RealChains.Row row)
    {
        var chain = row.Chain();
        var leaf = chain.Leaf;
        var intermediate = chain.Certificates[1];
        var root = RealChains.Roots.Anchors.First(r => r.SubjectName.RawData.AsSpan().SequenceEqual(intermediate.IssuerName.RawData));
        string Pem(params System.Security.Cryptography.X509Certificates.X509Certificate2[] certificates) => string.Concat(certificates.Select(c => c.ExportCertificatePem() + "\n"));

        var shapes = new (string Name, byte[] Body, CertificateFailure Expected)[]
        {
            ("leaf-then-intermediate", Encoding.ASCII.GetBytes(Pem(leaf, intermediate)), CertificateFailure.None),
            ("with-root-appended", Encoding.ASCII.GetBytes(Pem(leaf, intermediate, root)), CertificateFailure.None),
            ("crlf-and-text-around", Encoding.ASCII.GetBytes("Subject: " + leaf.Subject + "\r\n" + Pem(leaf).ReplaceLineEndings("\r\n") + "issuer follows\r\n" + Pem(intermediate).ReplaceLineEndings("\r\n") + "\r\n-- end --\r\n"), CertificateFailure.None),
            ("intermediate-first", Encoding.ASCII.GetBytes(Pem(intermediate, leaf)), CertificateFailure.KeyUsage),
            ("leaf-alone-pem", Encoding.ASCII.GetBytes(Pem(leaf)), CertificateFailure.Untrusted),
            ("leaf-alone-der", leaf.RawData, CertificateFailure.Untrusted),
        };

        var outcomes = new List<(string Name, CertificateFailure Expected, CertificateFetchResult Fetched, CertificateValidationResult? Result)>();
        foreach (var (name, body, expected) in shapes)
        {
            var path = $"/{row.Name}/{name}";
            _server.MapBytes(path, body, name.EndsWith("der", StringComparison.Ordinal) ? "application/pkix-cert" : "application/pem-certificate-chain");
            var fetched = await _source.GetCertificateChainAsync(_server.Url(path));
            outcomes.Add((name, expected, fetched, fetched.IsSuccess ? Validator.Validate(fetched.Chain!, row.At) : null));
        }

        Assert.Multiple(() =>
        {
            foreach (var (name, expected, fetched, result) in outcomes)
            {
                Assert.That(fetched.IsSuccess, Is.True, $"{name}: {fetched.Detail}");
                Assert.That(result?.Failure, Is.EqualTo(expected), $"{name}: {result?.Detail}");
                if (expected == CertificateFailure.None)
                {
                    Assert.That(result?.Spc, Is.EqualTo(row.Spc), name);
                }
            }
        });
    }
}
