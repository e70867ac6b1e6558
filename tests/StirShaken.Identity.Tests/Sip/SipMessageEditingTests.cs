using StirShaken.Identity.Sip;

namespace StirShaken.Identity.Tests.Sip;

public class SipMessageEditingTests
{
    private static SipMessage Message(params string[] headers) =>
        SipMessage.Create("INVITE", "sip:+12125551213@example.net;user=phone",
            headers.Select(h => new KeyValuePair<string, string>(h[..h.IndexOf(':', StringComparison.Ordinal)], h[(h.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim())));

    [Test]
    public void Create_from_a_header_list_equals_parsing_the_same_wire_text()
    {
        var parsed = SipMessage.Parse(SampleMessages.Invite);
        var built = SipMessage.Create(parsed.Method!, parsed.RequestUri!, parsed.Headers.Select(h => new KeyValuePair<string, string>(h.Name, h.Value)), parsed.Body);
        Assert.Multiple(() =>
        {
            Assert.That(built.ToString(), Is.EqualTo(parsed.ToString()));
            Assert.That(built.IsRequest, Is.True);
            Assert.That(built.GetHeaderValues("y"), Has.Count.EqualTo(1), "compact names are understood");
        });
    }

    [Test]
    public void Builder_adds_headers_in_order_and_rejects_injection()
    {
        var message = new SipMessageBuilder("INVITE", "sip:bob@example.net")
            .AddHeader("Via", "SIP/2.0/UDP a;branch=z9hG4bK1").AddHeader("Identity", "a").AddHeader("Identity", "b").WithBody("x").Build();
        Assert.Multiple(() =>
        {
            Assert.That(message.GetHeaderValues("Identity"), Is.EqualTo(new[] { "a", "b" }));
            Assert.That(message.StartLine, Is.EqualTo("INVITE sip:bob@example.net SIP/2.0"));
            Assert.That(message.Body, Is.EqualTo("x"));
            Assert.Throws<ArgumentException>(() => new SipMessageBuilder("INVITE", "sip:b@x").AddHeader("From", "a\r\nIdentity: forged").Build());
            Assert.Throws<ArgumentException>(() => SipMessage.Create("IN VITE", "sip:b@x", []));
            Assert.Throws<ArgumentException>(() => SipMessage.Create("INVITE", "sip:b@x SIP/2.0", []));
        });
    }

    [Test]
    public void WithHeaderRemoved_removes_every_line_long_or_compact()
    {
        var message = Message("Via: v", "Identity: a", "y: b", "Identity-Info: <https://x>", "Content-Length: 0");
        var stripped = message.WithIdentityHeadersRemoved();
        Assert.Multiple(() =>
        {
            Assert.That(message.WithHeaderRemoved("identity").GetHeaderValues("Identity"), Is.Empty);
            Assert.That(stripped.Headers.Select(h => h.Name), Is.EqualTo(new[] { "Via", "Content-Length" }));
            Assert.That(message.WithHeaderRemoved("X-None"), Is.SameAs(message));
            Assert.That(message.GetHeaderValues("Identity"), Has.Count.EqualTo(2), "the original is unchanged");
        });
    }

    [TestCase("<tel:+12155551212>", "<tel:+12155551212;verstat=TN-Validation-Passed>")]
    [TestCase("<sip:+12155551212@example.com;user=phone>", "<sip:+12155551212;verstat=TN-Validation-Passed@example.com;user=phone>")]
    [TestCase("\"Alice, \\\"A\\\" <x>\" <sip:+12155551212;cpc=ordinary@example.com;user=phone>;tag=1",
        "\"Alice, \\\"A\\\" <x>\" <sip:+12155551212;cpc=ordinary;verstat=TN-Validation-Passed@example.com;user=phone>;tag=1")]
    [TestCase("<tel:+12155551212;verstat=TN-Validation-Failed;foo=bar>", "<tel:+12155551212;verstat=TN-Validation-Passed;foo=bar>")]
    [TestCase("<sip:+12155551212;verstat=No-TN-Validation@example.com;user=phone>", "<sip:+12155551212;verstat=TN-Validation-Passed@example.com;user=phone>")]
    [TestCase("<tel:+12155551212>, <sip:+12155551212@example.com;user=phone>",
        "<tel:+12155551212;verstat=TN-Validation-Passed>, <sip:+12155551212;verstat=TN-Validation-Passed@example.com;user=phone>")]
    [TestCase("tel:+12155551212", "<tel:+12155551212;verstat=TN-Validation-Passed>")]
    [TestCase("sip:+12155551212@example.com;user=phone", "<sip:+12155551212;verstat=TN-Validation-Passed@example.com>;user=phone")]
    [TestCase("<sip:alice@example.com>", "<sip:alice@example.com>")]
    public void WithVerstat_tags_the_PAI_telephone_number_uris(string pai, string expected)
    {
        var message = Message("Via: v", "From: <sip:+12155551212@example.com;user=phone>;tag=9", "P-Asserted-Identity: " + pai, "Content-Length: 0");
        var tagged = message.WithVerstat("TN-Validation-Passed");
        Assert.Multiple(() =>
        {
            Assert.That(tagged.GetHeader("P-Asserted-Identity"), Is.EqualTo(expected));
            Assert.That(tagged.GetHeader("From"), Is.EqualTo("<sip:+12155551212@example.com;user=phone>;tag=9"), "PAI first: From untouched");
            Assert.That(tagged.ToString().Replace(expected, pai, StringComparison.Ordinal), Is.EqualTo(message.ToString()), "everything else byte-identical");
        });
    }

    [Test]
    public void WithVerstat_uses_From_when_there_is_no_PAI()
    {
        var message = SipMessage.Parse(TestCall.Invite());
        var tagged = message.WithVerstat("TN-Validation-Failed");
        Assert.Multiple(() =>
        {
            Assert.That(tagged.GetHeader("From"), Is.EqualTo("\"Alice\" <sip:+1-215-555-1212;verstat=TN-Validation-Failed@example.com;user=phone>;tag=1928301774"));
            Assert.That(tagged.GetHeader("To"), Is.EqualTo(message.GetHeader("To")));
            Assert.Throws<ArgumentException>(() => message.WithVerstat("a b"));
        });
    }
}
