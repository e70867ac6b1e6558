using StirShaken.Identity.Sip;

namespace StirShaken.Identity.Tests.Sip;

public class CallIdentitiesTests
{
    [Test]
    public void WithoutPai_OrigComesFromFrom_AndDestFromTo()
    {
        var call = CallIdentities.FromMessage(SipMessage.Parse(TestCall.Invite()));

        Assert.That(call.OrigSource, Is.EqualTo(SipHeaderNames.From));
        Assert.That(call.OrigTns, Is.EqualTo(new[] { TestCall.Orig }));
        Assert.That(call.DestTns, Is.EqualTo(new[] { TestCall.Dest }));
        Assert.That(call.FirstOrigTn, Is.EqualTo(TestCall.Orig));
        Assert.That(call.FirstDestTn, Is.EqualTo(TestCall.Dest));
    }

    [Test]
    public void Pai_TakesPrecedenceOverFrom_AndEachOfItsValuesIsACandidate()
    {
        var message = SipMessage.Parse(TestCall.Invite(from: "+12155550000", extraHeaders:
            ["P-Asserted-Identity: <tel:+1-999-555-0000>, <sip:+12155551212@example.com;user=phone>", "P-Asserted-Identity: <sip:alice@example.com>"]));

        var call = CallIdentities.FromMessage(message);

        Assert.That(call.OrigSource, Is.EqualTo(SipHeaderNames.PAssertedIdentity));
        Assert.That(call.OrigTns, Is.EqualTo(new[] { "19995550000", TestCall.Orig }));
        Assert.That(call.FirstOrigTn, Is.EqualTo("19995550000"));
    }

    [Test]
    public void RequestUri_IsADestCandidateOnlyWhenAsked()
    {
        var message = SipMessage.Parse(TestCall.Invite().Replace("INVITE sip:+12125551213@", "INVITE sip:+12125557777@", StringComparison.Ordinal));

        Assert.That(CallIdentities.FromMessage(message).DestTns, Is.EqualTo(new[] { TestCall.Dest }));
        Assert.That(CallIdentities.FromMessage(message, includeRequestUri: true).DestTns, Is.EqualTo(new[] { TestCall.Dest, "12125557777" }));
    }

    [Test]
    public void NormalizeHook_AndLenientNumbers_AreParameters()
    {
        var message = SipMessage.Parse(TestCall.Invite().Replace("From: \"Alice\" <sip:+1-215-555-1212@example.com;user=phone>", "From: <sip:2155551212@example.com>", StringComparison.Ordinal));

        var lenient = CallIdentities.FromMessage(message, normalizeNumber: tn => tn.Length == 10 ? "1" + tn : tn);
        var strict = CallIdentities.FromMessage(message, lenientTelephoneNumbers: false);

        Assert.That(lenient.OrigTns, Is.EqualTo(new[] { TestCall.Orig }));
        Assert.That(lenient.DestTns, Is.EqualTo(new[] { TestCall.Dest }));
        Assert.That(strict.OrigTns, Is.Empty);
        Assert.That(strict.FirstOrigTn, Is.Null);
    }

    [Test]
    public void Date_IsParsedWhenValid()
    {
        var call = CallIdentities.FromMessage(SipMessage.Parse(TestCall.Invite()));

        Assert.That(call.DateHeader, Is.EqualTo(SipDate.Format(TestCall.Now)));
        Assert.That(call.Date, Is.EqualTo(TestCall.Now));
        Assert.That(call.HasValidDate, Is.True);
    }

    [Test]
    public void Date_UnparseableOrAbsent_IsNone()
    {
        var invalid = CallIdentities.FromMessage(SipMessage.Parse(TestCall.Invite(date: "yesterday")));
        var absent = CallIdentities.FromMessage(SipMessage.Parse(TestCall.Invite().Replace("Date: " + SipDate.Format(TestCall.Now) + "\r\n", string.Empty, StringComparison.Ordinal)));

        Assert.That(invalid.DateHeader, Is.EqualTo("yesterday"));
        Assert.That(invalid.Date, Is.Null);
        Assert.That(invalid.HasValidDate, Is.False);
        Assert.That(absent.DateHeader, Is.Null);
        Assert.That(absent.Date, Is.Null);
        Assert.That(absent.HasValidDate, Is.False);
    }
}
