using StirShaken.Identity.Verification;

namespace StirShaken.Identity.Tests.Verification;

public class FailureReasonsTests
{
    private static IEnumerable<FailureReason> Reasons() => Enum.GetValues<FailureReason>().Where(r => r != FailureReason.None);

    [TestCaseSource(nameof(Reasons))]
    public void EveryReason_MapsToAStirCodePhraseAndRemedy(FailureReason reason)
    {
        var entry = FailureReasons.Get(reason);

        Assert.That(entry.StatusCode, Is.AnyOf(403, 428, 436, 437, 438, 500));
        Assert.That(entry.ReasonPhrase, Is.Not.Empty);
        Assert.That(entry.Remedy, Is.Not.Empty);
    }

    [TestCase(403, "Stale Date")]
    [TestCase(428, "Use Identity Header")]
    [TestCase(436, "Bad Identity Info")]
    [TestCase(437, "Unsupported Credential")]
    [TestCase(438, "Invalid Identity Header")]
    public void EachCode_AlwaysUsesTheRfc8224Phrase(int code, string phrase)
    {
        var phrases = Reasons().Select(FailureReasons.Get).Where(e => e.StatusCode == code).Select(e => e.ReasonPhrase).Distinct();

        Assert.That(phrases, Is.EqualTo(new[] { phrase }));
    }

    [Test]
    public void None_HasNoCode()
    {
        Assert.That(() => FailureReasons.Get(FailureReason.None), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void ReasonHeader_FollowsRfc3326AndRfc9410()
    {
        var failure = new VerificationFailure(FailureReason.CertificateUnavailable, "timeout");

        Assert.That(failure.ToReasonHeaderValue(), Is.EqualTo("SIP ;cause=436 ;text=\"Bad Identity Info\""));
        Assert.That(failure.ToReasonHeaderValue(ReasonProtocol.Stir, "..abc"), Is.EqualTo("STIR ;cause=436 ;text=\"Bad Identity Info\" ;ppi=\"..abc\""));
    }
}
