using StirShaken.Identity.Certificates;

namespace StirShaken.Identity.Tests.Certificates;

/// <summary>The policy remembers allowed URLs for speed; the decisions must stay those of the full check.</summary>
public class X5uUrlPolicyMemoTests
{
    [Test]
    public void A_remembered_url_is_checked_again_after_a_setting_changes()
    {
        var policy = new X5uUrlPolicy();
        const string url = "https://cert.example.com:8443/sp.pem";
        Assert.That(policy.IsAllowed(url, out _), Is.True);
        Assert.That(policy.IsAllowed(url, out _), Is.True, "second call answered from memory");

        policy.AllowedPorts = [443];

        Assert.That(policy.IsAllowed(url, out var reason), Is.False);
        Assert.That(reason, Does.Contain("port 8443"));
    }

    [Test]
    public void Refused_urls_keep_their_reason_on_every_call()
    {
        var policy = new X5uUrlPolicy();
        for (var i = 0; i < 3; i++)
        {
            Assert.That(policy.IsAllowed("http://cert.example.com/sp.pem", out var reason), Is.False);
            Assert.That(reason, Does.Contain("scheme 'http'"));
        }
    }

    [Test]
    public void Thousands_of_distinct_urls_are_all_judged_correctly_past_the_memory_bound()
    {
        var policy = new X5uUrlPolicy();
        for (var i = 0; i < 3_000; i++)
        {
            Assert.That(policy.IsAllowed($"https://cert{i}.example.com/sp.pem", out _), Is.True);
            Assert.That(policy.IsAllowed($"https://cert{i}.example.com/sp.pem?x={i}", out _), Is.False);
        }
    }
}
