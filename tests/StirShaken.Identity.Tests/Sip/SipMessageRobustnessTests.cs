using StirShaken.Identity.Parsing;
using StirShaken.Identity.Sip;

namespace StirShaken.Identity.Tests.Sip;

[TestFixture]
public class SipMessageRobustnessTests
{
    [Test]
    public void GarbageInput_NeverThrows()
    {
        var random = new Random(8224);
        string invite = SampleMessages.Invite;
        const string Alphabet = "\r\n \t:;,<>\"\\@.=+-_/[]?%abcSIP/2.0yY0123456789";
        var failures = new List<string>();
        for (int round = 0; round < 2000; round++)
        {
            string input = (round % 4) switch
            {
                0 => invite[..random.Next(invite.Length + 1)],
                1 => Mutate(invite, random, Alphabet),
                2 => RandomText(random, Alphabet, random.Next(200)),
                _ => invite[random.Next(invite.Length)..],
            };
            try
            {
                Exercise(input);
            }
            catch (Exception ex)
            {
                failures.Add($"{ex.GetType().Name} for input {input.Length} chars: {ex.Message}");
            }
        }
        Assert.That(failures, Is.Empty);
    }

    // Runs every non-throwing parser reachable from a message on the input.
    private static void Exercise(string input)
    {
        var result = SipMessage.TryParse(input);
        IdentityHeader.TryParse(input);
        SipUri.TryParse(input);
        SipNameAddress.TryParse(input);
        LegacyIdentity.TryParse(input, input);
        SipDate.TryParse(input);
        if (!result.IsSuccess)
        {
            return;
        }
        var m = result.Value;
        foreach (var h in m.Headers)
        {
            IdentityHeader.TryParse(h.Value);
            foreach (var a in m.GetAddresses(h.Name))
            {
                if (a.IsSuccess)
                {
                    TelephoneNumber.TryGetCanonical(a.Value.Uri);
                }
            }
        }
        LegacyIdentity.Find(m);
        _ = m.ToString();
    }

    private static string Mutate(string text, Random random, string alphabet)
    {
        var chars = text.ToCharArray();
        for (int i = 0, n = random.Next(1, 10); i < n; i++)
        {
            chars[random.Next(chars.Length)] = alphabet[random.Next(alphabet.Length)];
        }
        return new string(chars);
    }

    private static string RandomText(Random random, string alphabet, int length)
    {
        var chars = new char[length];
        for (int i = 0; i < length; i++)
        {
            chars[i] = random.Next(10) == 0 ? (char)random.Next(0, 0x3000) : alphabet[random.Next(alphabet.Length)];
        }
        return new string(chars);
    }
}
