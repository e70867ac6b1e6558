using StirShaken.Identity.Certificates;
using StirShaken.Identity.Testing;

namespace StirShaken.Identity.Tests.Certificates;

public class CertificateValidatorCachingTests
{
    [Test]
    public void Valid_result_is_reused_per_chain_and_time_is_rechecked_on_every_use()
    {
        using var pki = TestPki.Create(notBefore: new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), validity: TimeSpan.FromDays(30));
        var validator = new CertificateValidator(pki.TrustAnchors);
        var at = pki.NotBefore.AddDays(1);
        var first = validator.Validate(pki.Chain, at);
        var second = validator.Validate(pki.Chain, at.AddDays(1));
        var expired = validator.Validate(pki.Chain, pki.NotBefore.AddDays(31));
        var early = validator.Validate(pki.Chain, pki.NotBefore.AddDays(-1));
        Assert.Multiple(() =>
        {
            Assert.That(first.IsSuccess, Is.True, first.Detail);
            Assert.That(second, Is.SameAs(first), "cached, not rebuilt");
            Assert.That(expired.Failure, Is.EqualTo(CertificateFailure.Expired));
            Assert.That(early.Failure, Is.EqualTo(CertificateFailure.NotYetValid));
        });
    }
}
