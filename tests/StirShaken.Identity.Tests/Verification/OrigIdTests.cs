using StirShaken.Identity.Verification;

namespace StirShaken.Identity.Tests.Verification;

/// <summary>Issue 8 §5: <c>origid</c> is a UUID (RFC 8588 §4): strict string form, any version, either case (README "origid").</summary>
public class OrigIdTests
{
    private TestCall _call = null!;

    [SetUp]
    public void SetUp() => _call = new TestCall();

    [TearDown]
    public void TearDown() => _call.Dispose();

    [TestCase("123e4567-e89b-12d3-a456-426655440000")] // v1
    [TestCase("4437c7eb-8f7a-4f0e-a863-f53a0e60251a")] // v4
    [TestCase("4437C7EB-8F7A-4F0E-A863-F53A0E60251A")] // RFC 4122 §3: case-insensitive on input
    [TestCase("00000000-0000-0000-0000-000000000000")] // nil UUID: a UUID, version not checked
    [TestCase("01890a5d-ac96-774b-bcce-b302099a8057")] // v7 (RFC 9562)
    public async Task Uuid_Verifies(string origId)
    {
        var result = await Verify($"\"{origId}\"");

        Assert.That(result.Status, Is.EqualTo(VerificationStatus.Passed), result.ToString());
        Assert.That(result.OrigId, Is.EqualTo(origId));
    }

    [TestCase("\\u0000")]
    [TestCase("id-1")]
    [TestCase("123e4567e89b12d3a456426655440000")] // no hyphens
    [TestCase("{123e4567-e89b-12d3-a456-426655440000}")]
    [TestCase("urn:uuid:123e4567-e89b-12d3-a456-426655440000")]
    [TestCase(" 123e4567-e89b-12d3-a456-426655440000")]
    [TestCase("123e4567-e89b-12d3-a456-426655440000 ")]
    [TestCase("123e4567-e89b-12d3-a456-42665544000g")]
    [TestCase("123e4567-e89b-12d3-a456-4266554400000")]
    [TestCase("123e4567_e89b_12d3_a456_426655440000")]
    [TestCase("\\uff11\\uff12\\uff13e4567-e89b-12d3-a456-4266554400")] // full-width digits are not hex digits
    public async Task NotAUuid_Is438InvalidClaim(string origId)
    {
        var result = await Verify($"\"{origId}\"");

        Assert.That(result.Failure?.Reason, Is.EqualTo(FailureReason.InvalidClaim), result.ToString());
        Assert.That(result.Failure!.StatusCode, Is.EqualTo(438));
        Assert.That(result.Failure.Detail, Does.Contain("origid").And.Contain("RFC 8588 §4"));
    }

    [Test]
    public async Task NotAUuid_DiagnosticEscapesControlCharacters()
    {
        var result = await Verify("\"\\u0000\\r\\n\"");

        Assert.That(result.Failure!.Detail, Does.Contain("\\u0000\\u000d\\u000a").And.Not.Contain("\n"));
    }

    [Test]
    public async Task NotAString_Is438InvalidClaim() =>
        Assert.That((await Verify("1")).Failure?.Reason, Is.EqualTo(FailureReason.InvalidClaim));

    private Task<VerificationResult> Verify(string origIdJson) =>
        _call.Verifier().VerifyAsync(_call.InviteWithRawPassport(TestCall.ShakenHeader(), TestCall.ShakenPayload(origId: ",\"origid\":" + origIdJson))).AsTask();
}
