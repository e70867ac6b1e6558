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
            var pai = message.GetAddresses(SipHeaderNames.PAssertedIdentity);
            OrigSource = pai.Count > 0 ? "P-Asserted-Identity" : "From";
            OrigTns = CanonicalNumbers(pai.Count > 0 ? pai : message.GetAddresses(SipHeaderNames.From), options);

            // RFC 8224 §6.2 step 5 / ATIS-1000074: dest is matched against To (and optionally the Request-URI).
            var dest = new List<string>(CanonicalNumbers(message.GetAddresses(SipHeaderNames.To), options));
            if (options.DestinationSource == DestinationSource.ToOrRequestUri && message.RequestUri is { } requestUri)
            {
                var parsed = SipUri.TryParse(requestUri);
                if (parsed.Success && TelephoneNumber.TryGetCanonical(parsed.Value, out var tn, options.LenientTelephoneNumbers))
                {
                    dest.Add(Normalize(tn, options));
                }
            }

            DestTns = dest;
            DateHeader = message.GetHeader(SipHeaderNames.Date);
        }

        public string OrigSource { get; }

        public IReadOnlyList<string> OrigTns { get; }

        public IReadOnlyList<string> DestTns { get; }

        public string? DateHeader { get; }

        private static List<string> CanonicalNumbers(IReadOnlyList<Parsing.ParseResult<SipNameAddress>> addresses, VerifierOptions options)
        {
            var numbers = new List<string>(addresses.Count);
            foreach (var address in addresses)
            {
                if (address.Success && TelephoneNumber.TryGetCanonical(address.Value.Uri, out var tn, options.LenientTelephoneNumbers))
                {
                    numbers.Add(Normalize(tn, options));
                }
            }

            return numbers;
        }

        private static string Normalize(string tn, VerifierOptions options) => options.NormalizeNumber is { } normalize ? normalize(tn) : tn;
    }
}
