using StirShaken.Identity.Signing;
using StirShaken.Identity.Sip;
using StirShaken.Identity.Tests.Verification;
using StirShaken.Identity.Verification;

namespace StirShaken.Identity.Tests.Signing;

/// <summary>The C# block of README "Retargeted calls (301/302, forwarding)", compiled and run.</summary>
public class ReadmeRetargetingTests
{
    [Test]
    public async Task ReadmeExample_ForwardRedirectFollow_AllVerifyAsRetargeted()
    {
        using var f = new DiversionFixture();
        var verifier = f.Verifier(new VerifierOptions { DestinationSource = DestinationSource.RequestUri });

        var forwarded = await verifier.VerifyAsync(Forward(f.DivPassportSigner, f.Original()));
        var redirect = Redirect(f.DivPassportSigner, f.Original());
        var followed = await verifier.VerifyAsync(Follow(f.Original(), SipMessage.Parse(redirect.ToString())));

        Assert.That(forwarded.Diversion, Is.Not.Null, forwarded.ToString());
        Assert.That(redirect.StatusCode, Is.EqualTo(301));
        Assert.That(followed.Diversion!.CurrentTarget, Is.EqualTo(new[] { "12125550199" }));
    }

    // ---- as in the README ----
    private static SipMessage Forward(PassportSigner signer, SipMessage invite) =>
        new DiversionSigner(signer).Retarget(invite, "+1 212 555 0199", "sip:+12125550199@carrier.example;user=phone");

    private static SipResponse Redirect(PassportSigner signer, SipMessage invite) =>
        new DiversionSigner(signer).CreateRedirect(invite, "+12125550199", "sip:+12125550199@carrier.example;user=phone");

    private static SipMessage Follow(SipMessage invite, SipMessage redirect) =>
        SipRedirect.FollowRedirect(invite, redirect); // new INVITE to the Contact, original Identity + the 3xx's div
}
