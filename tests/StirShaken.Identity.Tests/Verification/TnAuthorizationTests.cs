using StirShaken.Identity.Certificates;
using StirShaken.Identity.Testing;
using StirShaken.Identity.Verification;

namespace StirShaken.Identity.Tests.Verification;

/// <summary>RFC 8226 §9 / RFC 9060: a certificate that lists numbers instead of an SPC authorizes only those numbers.</summary>
public class TnAuthorizationTests
{
    private static readonly CertificateValidationOptions WithoutSpc = new() { RequireSpc = false };

    private TestCall _call = null!;

    [SetUp]
    public void SetUp() => _call = new TestCall();

    [TearDown]
    public void TearDown() => _call.Dispose();

    [Test]
    public async Task OrigAmongTheCertificateNumbers_Verifies()
    {
        var invite = InviteSignedByNumbersCertificate(TestCall.Orig, "12155550000");

        var result = await _call.Verifier(certificateOptions: WithoutSpc).VerifyAsync(invite);

        Assert.That(result.Status, Is.EqualTo(VerificationStatus.Passed), result.ToString());
        Assert.That(result.Spc, Is.Null);
    }

    [Test]
    public async Task OrigNotAmongTheCertificateNumbers_Is437TnNotAuthorized()
    {
        var invite = InviteSignedByNumbersCertificate("19995550000");

        var result = await _call.Verifier(certificateOptions: WithoutSpc).VerifyAsync(invite);

        Assert.That(result.Status, Is.EqualTo(VerificationStatus.Failed));
        Assert.That(result.Failure!.Reason, Is.EqualTo(FailureReason.TnNotAuthorized));
        Assert.That(result.Failure.StatusCode, Is.EqualTo(437));
        Assert.That(result.Failure.Detail, Does.Contain(TestCall.Orig).And.Contains("one=19995550000"));
    }

    [Test]
    public async Task OrigNotAmongTheCertificateNumbers_VerifiesWhenThePolicyIsOff()
    {
        var invite = InviteSignedByNumbersCertificate("19995550000");

        var result = await _call.Verifier(new VerifierOptions { EnforceTnAuthorization = false }, WithoutSpc).VerifyAsync(invite);

        Assert.That(result.Status, Is.EqualTo(VerificationStatus.Passed), result.ToString());
    }

    [Test]
    public async Task CertificateWithAnSpc_IsNotCheckedAgainstTheNumber()
    {
        var (chain, key) = _call.Pki.IssueLeaf(new TestLeafOptions { NotBefore = TestCall.Now.AddDays(-1), Numbers = ["19995550000"] });
        _call.Certificates.Add(TestCall.X5u, chain);

        var result = await _call.Verifier().VerifyAsync(_call.InviteWithRawPassport(TestCall.ShakenHeader(), TestCall.ShakenPayload(), key));

        Assert.That(result.Status, Is.EqualTo(VerificationStatus.Passed), result.ToString());
        Assert.That(result.Spc, Is.EqualTo("1234"));
    }

    private string InviteSignedByNumbersCertificate(params string[] numbers)
    {
        var (chain, key) = _call.Pki.IssueLeaf(new TestLeafOptions { NotBefore = TestCall.Now.AddDays(-1), Spc = null, Numbers = numbers });
        _call.Certificates.Add(TestCall.X5u, chain);
        return _call.InviteWithRawPassport(TestCall.ShakenHeader(), TestCall.ShakenPayload(), key);
    }
}
