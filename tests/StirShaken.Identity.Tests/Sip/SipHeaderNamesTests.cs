using StirShaken.Identity.Sip;

namespace StirShaken.Identity.Tests.Sip;

[TestFixture]
public class SipHeaderNamesTests
{
    [TestCase("y", "Identity")]
    [TestCase("Y", "Identity")]
    [TestCase("i", "Call-ID")]
    [TestCase("k", "Supported")]
    [TestCase("o", "Event")]
    [TestCase("r", "Refer-To")]
    [TestCase("b", "Referred-By")]
    [TestCase("u", "Allow-Events")]
    [TestCase("x", "Session-Expires")]
    [TestCase("j", "Reject-Contact")]
    [TestCase("a", "Accept-Contact")]
    [TestCase("d", "Request-Disposition")]
    [TestCase("identity", "Identity")]
    [TestCase("call-id", "Call-ID")]
    [TestCase("p-asserted-identity", "P-Asserted-Identity")]
    [TestCase("CSEQ", "CSeq")]
    [TestCase("www-authenticate", "WWW-Authenticate")]
    public void ToCanonical_MapsCompactAndCaseVariants(string name, string expected)
    {
        Assert.That(SipHeaderNames.ToCanonical(name), Is.EqualTo(expected));
    }

    [TestCase("n", TestName = "CompactN_IsNotMapped_Rfc8224RemovedIt")]
    [TestCase("X-Custom-header", TestName = "UnknownName_IsReturnedUnchanged")]
    public void ToCanonical_LeavesUnknownNamesUnchanged(string name)
    {
        Assert.That(SipHeaderNames.ToCanonical(name), Is.SameAs(name));
    }
}
