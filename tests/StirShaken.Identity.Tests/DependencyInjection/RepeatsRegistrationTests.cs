using Microsoft.Extensions.DependencyInjection;
using StirShaken.Identity.Certificates;
using StirShaken.Identity.Certificates.Revocation;
using StirShaken.Identity.Tests.Verification;
using StirShaken.Identity.Verification;

namespace StirShaken.Identity.Tests.DependencyInjection;

/// <summary>One result cache and one replay store per container, shared by every verifier built from it (README "Repeats and replays").</summary>
public class RepeatsRegistrationTests
{
    [Test]
    public async Task ContainerVerifier_AndAHandBuiltOne_ShareTheCacheAndTheReplayStore()
    {
        using var call = new TestCall();
        var source = new ResultCacheTests.CountingSource(call.Certificates);
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(call.Clock);
        services.AddSingleton<ICertificateSource>(source);
        services.AddStirShakenVerification(o =>
        {
            o.TrustAnchors = call.Pki.TrustAnchors;
            o.Revocation.Mode = RevocationMode.Off;
            o.Verifier.Replay.Policy = ReplayPolicy.Reject;
        });
        using var provider = services.BuildServiceProvider();
        var verifier = provider.GetRequiredService<StirShakenVerifier>();
        var cache = provider.GetRequiredService<PassportVerificationCache>();
        var replays = provider.GetRequiredService<ReplayDetector>();
        var other = new StirShakenVerifier(provider.GetRequiredService<ICertificateSource>(), provider.GetRequiredService<CertificateValidator>(),
            new VerifierOptions { Replay = { Policy = ReplayPolicy.Reject } },
            new StirShakenVerifierDependencies { TimeProvider = call.Clock, ResultCache = cache, ReplayDetector = replays });
        var invite = call.SignedInvite();

        var first = await verifier.VerifyAsync(invite);
        var second = await other.VerifyAsync(invite);
        var copy = await other.VerifyAsync(invite.Replace("Call-ID: a84b4c76e66710@pc33.example.com", "Call-ID: copy@elsewhere", StringComparison.Ordinal));

        Assert.That(first.IsSuccess && second.IsSuccess, Is.True, second.ToString());
        Assert.That(source.Calls, Is.EqualTo(1), "the hand-built verifier answered from the container's cache");
        Assert.That(cache.Count, Is.EqualTo(1));
        Assert.That(copy.Failure?.Reason, Is.EqualTo(FailureReason.ReplayedPassport));
        Assert.That(replays.Count, Is.EqualTo(1));
    }

    [Test]
    public async Task DisabledInConfiguration_TheContainerVerifierDoesNotCache()
    {
        using var call = new TestCall();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(call.Clock);
        services.AddSingleton<ICertificateSource>(call.Certificates);
        services.AddStirShakenVerification(o =>
        {
            o.TrustAnchors = call.Pki.TrustAnchors;
            o.Revocation.Mode = RevocationMode.Off;
            o.Verifier.ResultCache.Enabled = false;
        });
        using var provider = services.BuildServiceProvider();

        var result = await provider.GetRequiredService<StirShakenVerifier>().VerifyAsync(call.SignedInvite());

        Assert.That(result.IsSuccess, Is.True);
        Assert.That(provider.GetRequiredService<PassportVerificationCache>().Count, Is.Zero);
    }
}
