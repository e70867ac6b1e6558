using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StirShaken.Identity.Certificates;
using StirShaken.Identity.Certificates.Revocation;
using StirShaken.Identity.DependencyInjection;
using StirShaken.Identity.Signing;
using StirShaken.Identity.Sip;
using StirShaken.Identity.Testing;
using StirShaken.Identity.Verification;

namespace StirShaken.Identity.Tests.DependencyInjection;

/// <summary>Configured the way users configure: JSON / in-memory configuration → container; nothing leaks to other verifiers.</summary>
[NonParallelizable]
public class ConfigurationBindingTests
{
    private TestPki _pki = null!;
    private string _folder = null!;

    [OneTimeSetUp]
    public void SetUp()
    {
        _pki = TestPki.Create();
        _folder = Path.Combine(Path.GetTempPath(), "stirshaken-config-" + Guid.NewGuid().ToString("N"));
        _pki.WriteTo(_folder);
    }

    [OneTimeTearDown]
    public void TearDown()
    {
        _pki.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private string Json => $$"""
        {
          "StirShaken": {
            "Verification": {
              "TrustAnchorPaths": [ "{{Path.Combine(_folder, "root.pem").Replace("\\", "\\\\", StringComparison.Ordinal)}}" ],
              "Verifier": { "RequireIdentity": true, "MaxAge": "00:02:00", "ReasonProtocol": "Stir", "Profile": "Man" },
              "CertificateValidation": { "RequireSpc": false, "MaxChainLength": 4 },
              "Revocation": { "Mode": "Off" },
              "Fetcher": { "UrlPolicy": { "MaxLength": 100 } },
              "Cache": { "MaxEntries": 42 }
            },
            "Signing": {
              "PrivateKeyPemPath": "{{Path.Combine(_folder, "sp-key.pem").Replace("\\", "\\\\", StringComparison.Ordinal)}}",
              "X5u": "https://cert.example.org/sp.pem"
            }
          }
        }
        """;

    private IConfiguration Configuration() =>
        new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(Json))).Build();

    [Test]
    public async Task Json_configuration_reaches_its_container_and_no_other_verifier()
    {
        var configuration = Configuration();
        var services = new ServiceCollection();
        services.AddStirShakenVerification(configuration.GetSection("StirShaken:Verification"));
        services.AddStirShakenSigning(configuration.GetSection("StirShaken:Signing"));
        await using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();

        var options = provider.GetRequiredService<IOptions<StirShakenVerificationOptions>>().Value;
        var verifier = provider.GetRequiredService<StirShakenVerifier>();
        Assert.Multiple(() =>
        {
            Assert.That(options.Verifier.RequireIdentity, Is.True);
            Assert.That(options.Verifier.MaxAge, Is.EqualTo(TimeSpan.FromMinutes(2)));
            Assert.That(options.CertificateValidation.RequireSpc, Is.False);
            Assert.That(options.CertificateValidation.MaxChainLength, Is.EqualTo(4));
            Assert.That(options.Revocation.Mode, Is.EqualTo(RevocationMode.Off));
            Assert.That(options.Fetcher.UrlPolicy.MaxLength, Is.EqualTo(100));
            Assert.That(options.Cache.MaxEntries, Is.EqualTo(42));
            Assert.That(verifier.Options.RequireIdentity, Is.True);
            Assert.That(verifier.Options.Profile, Is.EqualTo(ConformanceProfile.Man), "Verifier:Profile (README \"Conformance profiles\")");
            Assert.That(provider.GetRequiredService<PassportSigner>().X5u, Is.EqualTo("https://cert.example.org/sp.pem"));
        });

        var unsigned = TestCall.Invite();
        Assert.That((await verifier.VerifyAsync(unsigned)).Failure?.StatusCode, Is.EqualTo(428), "the configured container requires Identity");

        // Nothing the binder wrote is shared: defaults, a second container and a hand-built verifier are untouched.
        using var call = new TestCall();
        var byHand = call.Verifier();
        var second = new ServiceCollection();
        second.AddStirShakenVerification(o => o.TrustAnchorPaths = [Path.Combine(_folder, "root.pem")]);
        await using var secondProvider = second.BuildServiceProvider();
        Assert.Multiple(async () =>
        {
            Assert.That(VerifierOptions.Default.RequireIdentity, Is.False);
            var (first, again) = (VerifierOptions.Default, VerifierOptions.Default);
            Assert.That(first, Is.Not.SameAs(again), "Default is a fresh instance");
            Assert.That(CertificateValidationOptions.Default.RequireSpc, Is.True);
            Assert.That(X5uUrlPolicy.Default.MaxLength, Is.EqualTo(2_048));
            var (parser, parserAgain) = (SipParserOptions.Default, SipParserOptions.Default);
            Assert.That(parser, Is.Not.SameAs(parserAgain));
            Assert.That(byHand.Options.RequireIdentity, Is.False);
            Assert.That((await byHand.VerifyAsync(unsigned)).Status, Is.EqualTo(VerificationStatus.NoIdentity));
            Assert.That(secondProvider.GetRequiredService<StirShakenVerifier>().Options.RequireIdentity, Is.False);
            Assert.That(secondProvider.GetRequiredService<StirShakenVerifier>().Options.Profile, Is.EqualTo(ConformanceProfile.Rfc8224));
            Assert.That(secondProvider.GetRequiredService<IOptions<StirShakenVerificationOptions>>().Value.Revocation.Mode, Is.EqualTo(RevocationMode.SoftFail));
        });
    }

    [Test]
    public void In_memory_configuration_then_a_lambda_on_top()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["TrustAnchorPaths:0"] = Path.Combine(_folder, "root.pem"),
            ["Verifier:RequireIdentity"] = "true",
            ["Verifier:SupportedPpts:0"] = "shaken",
        }).Build();
        var services = new ServiceCollection();
        // One settable style everywhere: nested sections are set in the lambda (no CS8852 init-only error).
        services.AddStirShakenVerification(configuration, o =>
        {
            o.Verifier.MaxFutureSkew = TimeSpan.FromSeconds(5);
            o.CertificateValidation.RequireSubjectCnMatchesSpc = true;
            o.Fetcher.UrlPolicy.AllowedPorts = [443];
        });
        using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();
        var options = provider.GetRequiredService<IOptions<StirShakenVerificationOptions>>().Value;
        Assert.Multiple(() =>
        {
            Assert.That(options.Verifier.RequireIdentity, Is.True);
            Assert.That(options.Verifier.MaxFutureSkew, Is.EqualTo(TimeSpan.FromSeconds(5)));
            Assert.That(options.CertificateValidation.RequireSubjectCnMatchesSpc, Is.True);
            Assert.That(options.Verifier.SupportedPpts, Is.EquivalentTo(new StirShaken.Identity.Verification.VerifierOptions().SupportedPpts), "the default set, untouched by the binding");
        });
    }

    [Test]
    public void Invalid_verifier_setting_from_configuration_fails_at_start()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["TrustAnchorPaths:0"] = Path.Combine(_folder, "root.pem"),
            ["Verifier:MaxAge"] = "-00:00:01",
        }).Build();
        var services = new ServiceCollection();
        services.AddStirShakenVerification(configuration);
        using var provider = services.BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.That(error!.Message, Does.Contain("MaxAge"));
    }

    [Test]
    public void A_signing_key_file_that_holds_a_certificate_fails_at_start_and_says_what_it_holds()
    {
        var services = new ServiceCollection();
        services.AddStirShakenSigning(o =>
        {
            o.PrivateKeyPemPath = Path.Combine(_folder, "root.pem");
            o.X5u = "https://cert.example.org/sp.pem";
        });
        using var provider = services.BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.That(error!.Message, Does.Contain("holds CERTIFICATE, not a private key"));
    }

    [Test]
    public void A_secp256k1_key_is_refused_with_our_own_message()
    {
        ECDsa key;
        try
        {
            key = ECDsa.Create(ECCurve.CreateFromFriendlyName("secP256k1"));
        }
        catch (PlatformNotSupportedException)
        {
            Assert.Ignore("secp256k1 is not available on this platform");
            return;
        }

        using (key)
        {
            var error = Assert.Throws<ArgumentException>(() => new PassportSigner(key, "https://cert.example.org/sp.pem"));
            Assert.That(error!.Message, Does.Contain("P-256").And.Not.Contains("IDX"));
            var path = Path.Combine(_folder, "k1.pem");
            File.WriteAllText(path, key.ExportPkcs8PrivateKeyPem());
            var services = new ServiceCollection();
            services.AddStirShakenSigning(o =>
            {
                o.PrivateKeyPemPath = path;
                o.X5u = "https://cert.example.org/sp.pem";
            });
            using var provider = services.BuildServiceProvider();
            var startup = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
            Assert.That(startup!.Message, Does.Contain("cannot sign ES256").And.Contains("P-256"));
        }
    }
}
