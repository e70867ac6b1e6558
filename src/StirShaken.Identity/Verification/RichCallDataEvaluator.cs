using StirShaken.Identity.Passport;
using StirShaken.Identity.Passport.Json;
using StirShaken.Identity.Sip;

namespace StirShaken.Identity.Verification;

/// <summary>
/// The Rich Call Data step of phase 2 (RFC 9795 §8, §10, §12.2), run once a SHAKEN PASSporT passed: picks the
/// PASSporT whose RCD is used (the passed PASSporT's own, else a verified <c>rcd</c> PASSporT bound to the call and
/// vouched for by it), checks every element and <c>rcdi</c> digest, and compares <c>nam</c> with the From
/// display-name. A digest mismatch or fetch failure makes that element unverified; it never fails the call (§8.2).
/// </summary>
internal sealed class RichCallDataEvaluator
{
    private readonly RichCallDataOptions _options;
    private readonly IRichCallDataContentSource? _content;
    private readonly VerifierOptions _verifier;

    public RichCallDataEvaluator(VerifierOptions verifier, IRichCallDataContentSource? content)
    {
        _verifier = verifier;
        _options = verifier.RichCallData ?? RichCallDataOptions.Default;
        _content = content;
    }

    public async ValueTask<VerifiedRichCallData?> EvaluateAsync(SipMessage message, CallIdentities call, IReadOnlyList<IdentityHeaderOutcome> outcomes, IdentityHeaderOutcome passed, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (claims, carrier, ppt) = Select(call, outcomes, passed, now);
        if (claims is null)
        {
            return null;
        }

        var fromName = FromDisplayName(message);
        var check = claims.Rcd is null ? DisplayNameCheck.NotApplicable
            : string.IsNullOrEmpty(fromName) ? DisplayNameCheck.NoDisplayName
            : SameDisplayName(fromName, claims.Rcd.Name) ? DisplayNameCheck.Match
            : DisplayNameCheck.Mismatch;
        if (check == DisplayNameCheck.Mismatch && _options.DisplayNameMismatch == DisplayNameMismatchPolicy.Discard)
        {
            return null;
        }

        var run = new Run(this, claims, cancellationToken);
        await run.EvaluateAsync().ConfigureAwait(false);
        return new VerifiedRichCallData(claims, carrier!, ppt!, run.JCard, run.Elements, check, fromName);
    }

    private (RichCallDataClaims? Claims, PassportToken? Carrier, string? Ppt) Select(CallIdentities call, IReadOnlyList<IdentityHeaderOutcome> outcomes, IdentityHeaderOutcome passed, DateTimeOffset now)
    {
        // RFC 9795 §13.2: RCD claims inside the SHAKEN PASSporT (the construction rules held in phase 1).
        // RFC 9795 §12.1: third-party RCD (an "iss" claim) travels only in a separate rcd PASSporT; found in the SHAKEN
        // PASSporT it is not presented (the call itself still verifies), and a separate rcd PASSporT may still carry it.
        if (RichCallDataClaims.TryRead(passed.Passport!.Claims) is { IsSuccess: true, Value: { Issuer: null } own })
        {
            return (own, passed.Passport, passed.Ppt ?? PassportTypes.Shaken);
        }

        // RFC 9795 §8, §10.2: a separate rcd PASSporT, bound to the call like a SHAKEN one, for the calling number a
        // valid first-party PASSporT vouches for (mandatory for third-party RCD, applied to first-party RCD as well).
        foreach (var outcome in outcomes)
        {
            if (outcome.Status != IdentityHeaderStatus.Verified || outcome.Ppt != PassportTypes.Rcd || outcome.Passport is not { } token)
            {
                continue;
            }

            if (token.Claims.Orig != passed.Passport.Claims.Orig
                || RequestBinding.CheckIdentities(token.Claims, call) is not null
                || RequestBinding.CheckFreshness(token.Claims, call, now, _verifier) is not null)
            {
                continue;
            }

            if (RichCallDataClaims.TryRead(token.Claims) is { IsSuccess: true, Value: { } rcd })
            {
                return (rcd, token, PassportTypes.Rcd);
            }
        }

        return (null, null, null);
    }

    // The From display-name as a callee sees it (RFC 3261 §25.1): a quoted-string without its quotes and with each
    // quoted-pair resolved (SipNameAddress does both); a token form with each run of LWS as one SP (§7.3.1).
    private static string? FromDisplayName(SipMessage message)
    {
        var from = message.GetAddresses(SipHeaderNames.From);
        if (from.Count == 0 || from[0] is not { IsSuccess: true, Value.DisplayName: { } name })
        {
            return null;
        }

        return message.GetHeader(SipHeaderNames.From)?.TrimStart().StartsWith('"') == true ? name : string.Join(' ', name.Split([' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries));
    }

    // Decision (README "Rich Call Data", display-name check): equal code points after Unicode NFC on both sides, so a
    // name composed differently (e + U+0301 vs U+00E9) still matches; nothing else is folded (case, spaces in quotes).
    internal static bool SameDisplayName(string fromName, string nam) => string.Equals(Nfc(fromName), Nfc(nam), StringComparison.Ordinal);

    private static string Nfc(string text)
    {
        try
        {
            return text.Normalize(System.Text.NormalizationForm.FormC);
        }
        catch (ArgumentException)
        {
            return text; // lone surrogates: compared as they are
        }
    }

    /// <summary>One evaluation: the elements found, each URL fetched at most once.</summary>
    private sealed class Run(RichCallDataEvaluator owner, RichCallDataClaims claims, CancellationToken cancellationToken)
    {
        private readonly Dictionary<string, RichCallDataContent> _fetched = new(StringComparer.Ordinal);
        private readonly HashSet<string> _used = new(StringComparer.Ordinal);
        private JsonNode? _hostedJCard;

        public List<RichCallDataElement> Elements { get; } = [];

        public JCard? JCard { get; private set; }

        public async Task EvaluateAsync()
        {
            if (claims.Rcd is { } rcd)
            {
                var json = rcd.ToJson();
                Inline("/" + RichCallDataNames.Nam, json[RichCallDataNames.Nam]!);
                if (json[RichCallDataNames.Apn] is { } apn)
                {
                    Inline("/" + RichCallDataNames.Apn, apn);
                }

                if (rcd.Icon is { } icon)
                {
                    if (RichCallData.IsDataUri(icon))
                    {
                        // Inline content (RFC 9795 §8.3): signed with the PASSporT; no separate digest needed.
                        Inline("/" + RichCallDataNames.Icn, json[RichCallDataNames.Icn]!);
                    }
                    else
                    {
                        await ContentAsync("/" + RichCallDataNames.Icn, icon, RichCallDataContentKind.Image).ConfigureAwait(false);
                    }
                }

                if (rcd.JCard is { } card)
                {
                    JCard = card;
                    Inline("/" + RichCallDataNames.Jcd, card.Json);
                    foreach (var (pointer, uri) in card.UriReferences)
                    {
                        await ContentAsync("/" + RichCallDataNames.Jcd + pointer, uri, RichCallDataContentKind.Image).ConfigureAwait(false);
                    }
                }

                if (rcd.JCardUrl is { } jcl)
                {
                    await JCardUrlAsync(jcl).ConfigureAwait(false);
                }

                // rcdi entries not attached to a carried element (other JSON values, or pointers that lead nowhere).
                foreach (var (pointer, digest) in claims.Integrity)
                {
                    if (!_used.Contains(pointer))
                    {
                        Elements.Add(Orphan(json, pointer, digest));
                    }
                }
            }
        }

        private string? Digest(string pointer)
        {
            if (claims.Integrity.TryGetValue(pointer, out var digest))
            {
                _used.Add(pointer);
                return digest;
            }

            return null;
        }

        private void Inline(string pointer, JsonNode value)
        {
            var digest = Digest(pointer);
            Elements.Add(digest is null
                ? new(pointer, RichCallDataElementState.Verified, null, null, null)
                : Check(pointer, digest, null, CanonicalJsonWriter.ToUtf8(value), "the RFC 8225 §9 serialization"));
        }

        private async Task ContentAsync(string pointer, string url, RichCallDataContentKind kind)
        {
            var digest = Digest(pointer);
            if (digest is null)
            {
                Elements.Add(new(pointer, RichCallDataElementState.DigestMissing, url, null, "no rcdi entry covers the content at this URL (RFC 9795 §6.1)"));
                return;
            }

            if (!RichCallDataDigest.IsSupported(digest))
            {
                Elements.Add(new(pointer, RichCallDataElementState.DigestInvalid, url, digest, "the rcdi value is malformed or names an unsupported algorithm (RFC 9795 §6)"));
                return;
            }

            var content = await FetchAsync(url, kind).ConfigureAwait(false);
            Elements.Add(content is null ? new(pointer, RichCallDataElementState.NotFetched, url, digest, "content fetching is off (RichCallDataOptions.FetchContent)")
                : content.Body is null ? new(pointer, RichCallDataElementState.FetchFailed, url, digest, content.Failure)
                : Check(pointer, digest, url, content.Body, "the fetched content"));
        }

        private async Task JCardUrlAsync(string jcl)
        {
            const string pointer = "/" + RichCallDataNames.Jcl;
            var digest = Digest(pointer);
            if (digest is null || !RichCallDataDigest.IsSupported(digest))
            {
                Elements.Add(new(pointer, digest is null ? RichCallDataElementState.DigestMissing : RichCallDataElementState.DigestInvalid, jcl, digest,
                    "jcl requires a valid \"/jcl\" rcdi entry (RFC 9795 §6.1.4)"));
                return;
            }

            var content = await FetchAsync(jcl, RichCallDataContentKind.JCard).ConfigureAwait(false);
            if (content is null || content.Body is null)
            {
                Elements.Add(new(pointer, content is null ? RichCallDataElementState.NotFetched : RichCallDataElementState.FetchFailed, jcl, digest,
                    content?.Failure ?? "content fetching is off (RichCallDataOptions.FetchContent)"));
                return;
            }

            var hosted = Passport.JCard.TryParse(content.Body);
            if (!hosted.IsSuccess)
            {
                Elements.Add(new(pointer, RichCallDataElementState.FetchFailed, jcl, digest, $"the document is not a jCard: {hosted.Error}"));
                return;
            }

            // Decision (README "Rich Call Data", 2): the raw body (RFC 9795 §6.1), else its RFC 8225 §9 serialization,
            // which the RFC's own /jcl example digests.
            var element = Check(pointer, digest, jcl, content.Body, "the fetched jCard");
            if (element.State != RichCallDataElementState.Verified && RichCallDataDigest.Verify(digest, CanonicalJsonWriter.ToUtf8(hosted.Value.Json)))
            {
                element = element with { State = RichCallDataElementState.Verified, Detail = null };
            }

            Elements.Add(element);
            if (element.State != RichCallDataElementState.Verified)
            {
                return;
            }

            JCard = hosted.Value;
            _hostedJCard = hosted.Value.Json;
            foreach (var (inner, uri) in hosted.Value.UriReferences)
            {
                // One level of indirection (RFC 9795 §5.1.5): only images are fetched behind the jCard's URIs.
                await ContentAsync(pointer + inner, uri, RichCallDataContentKind.Image).ConfigureAwait(false);
            }
        }

        private RichCallDataElement Orphan(JsonNode rcd, string pointer, string digest)
        {
            if (!JsonPointer.TrySplit(pointer, out var tokens) || tokens.Count == 0)
            {
                // Decision (README "Rich Call Data", 15): a legacy key such as "icn" (no slash) is not a pointer.
                return new(pointer, RichCallDataElementState.DigestInvalid, null, digest, "the rcdi key is not a JSON pointer (RFC 9795 §6, RFC 6901)");
            }

            var target = tokens[0] == RichCallDataNames.Jcl && _hostedJCard is not null
                ? JsonPointer.Resolve(_hostedJCard, tokens, 1)
                : JsonPointer.Resolve(rcd, tokens);
            return target is null
                ? new(pointer, RichCallDataElementState.PointerNotFound, null, digest, "the pointer does not resolve inside rcd")
                : Check(pointer, digest, null, CanonicalJsonWriter.ToUtf8(target), "the RFC 8225 §9 serialization");
        }

        private static RichCallDataElement Check(string pointer, string digest, string? uri, byte[] input, string what)
        {
            if (!RichCallDataDigest.IsSupported(digest))
            {
                return new(pointer, RichCallDataElementState.DigestInvalid, uri, digest, "the rcdi value is malformed or names an unsupported algorithm (RFC 9795 §6)");
            }

            return RichCallDataDigest.Verify(digest, input)
                ? new(pointer, RichCallDataElementState.Verified, uri, digest, null)
                : new(pointer, RichCallDataElementState.DigestMismatch, uri, digest, $"the rcdi digest does not match {what} (RFC 9795 §8.2)");
        }

        private async Task<RichCallDataContent?> FetchAsync(string url, RichCallDataContentKind kind)
        {
            if (!owner._options.FetchContent)
            {
                return null;
            }

            if (owner._content is null)
            {
                return RichCallDataContent.Fail("no content source is configured (StirShakenVerifierDependencies.RichCallDataContent)");
            }

            if (!_fetched.TryGetValue(url, out var content))
            {
                content = await owner._content.GetAsync(url, kind, cancellationToken).ConfigureAwait(false);
                _fetched[url] = content;
            }

            return content;
        }
    }
}
