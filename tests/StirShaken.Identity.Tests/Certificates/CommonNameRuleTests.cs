using StirShaken.Identity.Certificates;

namespace StirShaken.Identity.Tests.Certificates;

/// <summary>Issue 8 §7: ATIS-1000080 §6.4.1 asks that the CN *contains* "SHAKEN &lt;SPC&gt;" (whole words).</summary>
public class CommonNameRuleTests
{
    [TestCase("SHAKEN 1234", true)]
    [TestCase("NCTC SHAKEN 1234", true)]
    [TestCase("ATT SHAKEN 1234", true)]
    [TestCase("SHAKEN 1234 1754500391789", true)]
    [TestCase("Acme (SHAKEN 1234)", true)]
    [TestCase("SHAKEN 12345", false)]
    [TestCase("XSHAKEN 1234", false)]
    [TestCase("SHAKEN  1234", false)]
    [TestCase("***SHAKEN***1234", false)]
    [TestCase("shaken 1234", false)]
    [TestCase("SHAKEN Matrix 1234", false)]
    [TestCase("", false)]
    public void Cn_contains_shaken_spc_as_whole_words(string cn, bool expected) =>
        Assert.That(StiCertificateProfile.ContainsWord(cn, "SHAKEN 1234"), Is.EqualTo(expected));
}
