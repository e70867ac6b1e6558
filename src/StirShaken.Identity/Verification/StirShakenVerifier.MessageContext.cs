using StirShaken.Identity.Sip;

namespace StirShaken.Identity.Verification;

public sealed partial class StirShakenVerifier
{
    /// <summary>
    /// What the request says about the call, computed once per request and shared by all its
    /// Identity headers: canonical orig candidates, dest candidates, and the Date header.
    /// </summary>
    private sealed class MessageContext
    {
        public MessageContext(SipMessage message, VerifierOptions options)
        {
            // ATIS-1000074 §5.3.1: orig comes from P-Asserted-Identity when present (each value is
            // tried: a PAI may carry a tel and a sip identity), otherwise From.
            var lenient = options.LenientTelephoneNumbers;
            OrigSource = message.GetHeader(SipHeaderNames.PAssertedIdentity) is not null ? SipHeaderNames.PAssertedIdentity : SipHeaderNames.From;
            OrigTns = Normalize(TelephoneNumber.FromHeader(message, OrigSource, lenient), options);

            // RFC 8224 §6.2 step 5 / ATIS-1000074: dest is matched against To (and optionally the Request-URI).
            var dest = Normalize(TelephoneNumber.FromHeader(message, SipHeaderNames.To, lenient), options);
            if (options.DestinationSource == DestinationSource.ToOrRequestUri && message.RequestUri is { } requestUri)
            {
                var parsed = SipUri.TryParse(requestUri);
                if (parsed.Success && TelephoneNumber.TryGetCanonical(parsed.Value, lenient).TryGetValue(out var tn))
                {
                    dest.Add(options.NormalizeNumber is { } normalize ? normalize(tn) : tn);
                }
            }

            DestTns = dest;
            DateHeader = message.GetHeader(SipHeaderNames.Date);
        }

        public string OrigSource { get; }

        public IReadOnlyList<string> OrigTns { get; }

        public IReadOnlyList<string> DestTns { get; }

        public string? DateHeader { get; }

        // RFC 8224 §8.3 step 2: the local-to-E.164 hook, applied to numbers taken from SIP.
        private static List<string> Normalize(IReadOnlyList<string> numbers, VerifierOptions options) =>
            options.NormalizeNumber is { } normalize ? [.. numbers.Select(normalize)] : [.. numbers];
    }
}
