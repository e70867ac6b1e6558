using System.Text;
using StirShaken.Identity.Passport;
using StirShaken.Identity.Sip;

namespace StirShaken.Identity.Verification;

/// <summary>
/// Presents verified Rich Call Data to the callee the way RFC 9796 describes (§4–§9): <c>Call-Info</c> with
/// <c>purpose=icon</c> and <c>purpose=jcard</c>, the <c>call-reason</c>, <c>verified="true"</c> and
/// <c>integrity</c> parameters, and the signed <c>nam</c> as the From display-name — for a terminating network
/// forwarding the INVITE to a trusted UNI device that cannot verify PASSporTs itself (RFC 9796 §1, §13).
/// </summary>
/// <remarks>
/// <para>Only elements in state <see cref="RichCallDataElementState.Verified"/> are marked <c>verified</c> (RFC 9796 §7).
/// An icon whose digest was not checked because fetching is off is sent with its <c>integrity</c> and without
/// <c>verified</c>, so the device can check the bytes itself (README "Rich Call Data"). Content that failed is not
/// presented.</para>
/// <para>Upstream RCD presentation is removed (README "Rich Call Data", presentation decisions): every upstream
/// <c>Call-Info</c> entry with <c>purpose=icon</c>, <c>purpose=jcard</c> (or the draft token <c>rcd-jcard</c>), or a
/// <c>verified</c>, <c>integrity</c> or <c>call-reason</c> parameter. RFC 9796 §7 lets a device assume "not
/// verified" when <c>verified</c> is absent, but a trusted UNI device shows whatever its provider forwards, and only
/// the terminating provider verified anything (RFC 9796 §13); stripping just the <c>verified</c> parameter would still
/// show a spoofed logo or reason. Other entries, and every other header, stay byte-identical.</para>
/// <para>Display-names and call reasons are written as RFC 3261 §25.1 quoted-strings: <c>"</c> and <c>\</c> escaped,
/// control characters (CR, LF included) replaced by a space, lone surrogates by U+FFFD, bidirectional override and
/// isolate controls (U+202A–U+202E, U+2066–U+2069) removed, at most <see cref="MaxDisplayNameLength"/> characters
/// (longer text is cut and ends in U+2026). A <c>nam</c> changed by these rules is still presented (the signed value
/// stays in <see cref="VerifiedRichCallData.Name"/>) but not marked <c>verified</c>; a <c>crn</c> changed by them is
/// not presented.</para>
/// </remarks>
public static class RichCallDataPresentation
{
    /// <summary>
    /// Longest display-name or call reason presented, in UTF-16 code units (RFC 3261 sets no bound; 128 covers the
    /// 35-character BCID names and RFC 9796 §6's 64-character reasons with room to spare and bounds header growth).
    /// </summary>
    public const int MaxDisplayNameLength = 128;

    private const string CallInfo = "Call-Info";

    /// <summary>The Call-Info header values for <paramref name="rcd"/>, in order: icon, jCard, then the name/reason marker.</summary>
    /// <param name="rcd">The verified RCD of a passed call (<see cref="VerificationResult.RichCallData"/>).</param>
    /// <returns>Header values (without the <c>Call-Info:</c> name); empty when nothing can be presented.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="rcd"/> is null.</exception>
    public static IReadOnlyList<string> CallInfoValues(VerifiedRichCallData rcd)
    {
        ArgumentNullException.ThrowIfNull(rcd);
        return Values(rcd, nameShown: true);
    }

    /// <summary>
    /// Adds the RFC 9796 headers to a raw SIP request and puts the verified <c>nam</c> into the From display-name, after
    /// removing upstream RCD <c>Call-Info</c> entries (<see cref="RemoveUpstreamRichCallData"/>); every other byte of
    /// <paramref name="rawRequest"/> is kept as it is (the Call-Info lines go right before the blank line that ends the
    /// headers, with the message's own line ending). The name marker is <c>verified</c> only when the From header could
    /// be rewritten (a one-line name-addr or addr-spec From) and <c>nam</c> is presented exactly.
    /// </summary>
    /// <param name="rawRequest">The INVITE as received (CRLF or LF line endings).</param>
    /// <param name="rcd">The verified RCD.</param>
    /// <returns>The request to forward.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="rawRequest"/> has no end of headers.</exception>
    public static string Apply(string rawRequest, VerifiedRichCallData rcd)
    {
        ArgumentNullException.ThrowIfNull(rawRequest);
        ArgumentNullException.ThrowIfNull(rcd);
        var (head, newline, end) = Head(rawRequest);
        head = WithoutUpstream(head, newline);
        var nameShown = false;
        if (rcd.Name is { Length: > 0 } name && rcd["/" + RichCallDataNames.Nam] is { State: RichCallDataElementState.Verified })
        {
            (head, nameShown) = WithFromDisplayName(head, newline, name);
        }

        var builder = new StringBuilder(head);
        foreach (var value in Values(rcd, nameShown))
        {
            builder.Append(newline).Append(CallInfo).Append(": ").Append(value);
        }

        return builder.Append(rawRequest, end, rawRequest.Length - end).ToString();
    }

    /// <summary>
    /// Removes every upstream RCD presentation from a raw SIP request: each <c>Call-Info</c> entry with
    /// <c>purpose=icon</c>, <c>purpose=jcard</c> or <c>purpose=rcd-jcard</c>, or with a <c>verified</c>, <c>integrity</c>
    /// or <c>call-reason</c> parameter (RFC 9796 §4–§8); a header left empty is removed with its continuation lines.
    /// Use it on requests forwarded without verified RCD (failed, or no RCD); <see cref="Apply"/> does it itself.
    /// </summary>
    /// <param name="rawRequest">The request as received (CRLF or LF line endings).</param>
    /// <returns>The request with every other byte unchanged.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="rawRequest"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="rawRequest"/> has no end of headers.</exception>
    public static string RemoveUpstreamRichCallData(string rawRequest)
    {
        ArgumentNullException.ThrowIfNull(rawRequest);
        var (head, newline, end) = Head(rawRequest);
        return WithoutUpstream(head, newline) + rawRequest[end..];
    }

    /// <summary>
    /// A SIP quoted-string for a display-name or call reason (RFC 3261 §25.1): <c>"</c> and <c>\</c> escaped as
    /// quoted-pairs, and the text made presentable first (control characters including CR and LF become a space, lone
    /// surrogates U+FFFD, bidi overrides/isolates removed, at most <see cref="MaxDisplayNameLength"/> characters, a cut
    /// marked with U+2026), so the result can never end a header or inject one.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
    public static string QuoteDisplayName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Quote(Presentable(name));
    }

    /// <summary>Whether <paramref name="text"/> is presented exactly as signed (the rules of <see cref="QuoteDisplayName"/> change nothing).</summary>
    internal static bool IsPresentedExactly(string text) => string.Equals(Presentable(text), text, StringComparison.Ordinal);

    /// <summary>The text the rules of <see cref="QuoteDisplayName"/> keep, unquoted.</summary>
    internal static string Presentable(string text)
    {
        var builder = new StringBuilder(Math.Min(text.Length, MaxDisplayNameLength + 1));
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(c).Append(text[++i]);
            }
            else if (char.IsSurrogate(c))
            {
                builder.Append('\uFFFD');
            }
            else if (char.IsControl(c))
            {
                builder.Append(' ');
            }
            else if (c is not ((>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069')))
            {
                builder.Append(c);
            }
        }

        if (builder.Length > MaxDisplayNameLength)
        {
            var cut = MaxDisplayNameLength - 1;
            if (char.IsHighSurrogate(builder[cut - 1]))
            {
                cut--;
            }

            builder.Length = cut;
            builder.Append('\u2026');
        }

        return builder.ToString();
    }

    private static string Quote(string presentable) =>
        "\"" + presentable.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private static List<string> Values(VerifiedRichCallData rcd, bool nameShown)
    {
        var values = new List<string>();

        // A crn the quoted-string rules would change is not presented at all (README "Rich Call Data"): absence shows nothing false.
        var reason = rcd.CallReason is { } crn && IsPresentedExactly(crn) ? crn : null;
        var reasonPlaced = reason is null;
        if (rcd.Icon is { } icon && rcd["/" + RichCallDataNames.Icn] is { } icn
            && (icn.State == RichCallDataElementState.Verified || (icn.State == RichCallDataElementState.NotFetched && icn.Digest is not null)))
        {
            values.Add($"<{icon}>;purpose=icon" + Flags(icn.State == RichCallDataElementState.Verified, icn.Digest));
        }

        string? jcard = null;
        if (rcd.JCardUrl is { } jcl && rcd["/" + RichCallDataNames.Jcl] is { State: RichCallDataElementState.Verified } jclElement)
        {
            jcard = $"<{jcl}>;purpose=jcard" + Flags(true, jclElement.Digest);
        }
        else if (rcd.Claims.Rcd?.JCard is { } card && rcd["/" + RichCallDataNames.Jcd] is { State: RichCallDataElementState.Verified })
        {
            // RFC 9796 §5: the jCard inline in a data: URI (base64, so no character of it needs SIP escaping).
            jcard = $"<data:application/json;base64,{Convert.ToBase64String(Encoding.UTF8.GetBytes(card.ToCanonicalJson()))}>;purpose=jcard" + Flags(true, null);
        }

        if (jcard is not null)
        {
            values.Add(jcard + Reason(reason));
            reasonPlaced = true;
        }

        // RFC 9796 §8: <data:>;purpose=jcard;verified="true" says the display-name (nam) was verified; it also carries
        // call-reason. Not for an empty nam (From keeps its unsigned name), nor a nam presented changed or not at all.
        var nameVerified = nameShown && rcd.Name is { Length: > 0 } name && IsPresentedExactly(name)
            && rcd["/" + RichCallDataNames.Nam] is { State: RichCallDataElementState.Verified };
        if (jcard is null && (nameVerified || !reasonPlaced))
        {
            values.Add("<data:>;purpose=jcard" + Reason(reason) + Flags(nameVerified, null));
        }

        return values;
    }

    private static (string Head, string Newline, int End) Head(string rawRequest)
    {
        var newline = rawRequest.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        var end = rawRequest.IndexOf(newline + newline, StringComparison.Ordinal);
        return end < 0
            ? throw new ArgumentException("the request has no blank line ending its headers (RFC 3261 §7).", nameof(rawRequest))
            : (rawRequest[..end], newline, end);
    }

    // Drops the RCD entries of every Call-Info header (with its continuation lines); other lines are copied as they are.
    private static string WithoutUpstream(string head, string newline)
    {
        var lines = head.Split(newline);
        var kept = new List<string>(lines.Length) { lines[0] };
        var changed = false;
        for (var i = 1; i < lines.Length; i++)
        {
            var next = i + 1;
            while (next < lines.Length && lines[next].Length > 0 && lines[next][0] is ' ' or '\t')
            {
                next++;
            }

            var header = string.Join(newline, lines[i..next]);
            var colon = header.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && header[..colon].Trim(' ', '\t').Equals(CallInfo, StringComparison.OrdinalIgnoreCase))
            {
                var filtered = WithoutRichCallDataEntries(header, colon);
                changed |= !ReferenceEquals(filtered, header);
                if (filtered is not null)
                {
                    kept.Add(filtered);
                }
            }
            else
            {
                kept.Add(header);
            }

            i = next - 1;
        }

        return changed ? string.Join(newline, kept) : head;
    }

    // The header without its RCD entries: the same instance when none, null when nothing is left.
    private static string? WithoutRichCallDataEntries(string header, int colon)
    {
        var value = header[(colon + 1)..];
        var entries = AddressList.Ranges(value);
        var keep = entries.Where(r => !IsRichCallDataEntry(value[r.Start..r.End])).ToList();
        if (keep.Count == entries.Count)
        {
            return header;
        }

        if (keep.Count == 0)
        {
            return null;
        }

        var rest = string.Join(",", keep.Select(r => value[r.Start..r.End]));
        return header[..(colon + 1)] + " " + rest.TrimStart(' ', '\t', '\r', '\n');
    }

    // RFC 9796 §4–§8 markers. Parameters are read after the URI's '>' (the whole entry when there is none) and split on
    // every ';', quoted or not: a marker hidden in a quoted value also removes the entry (conservative).
    private static bool IsRichCallDataEntry(string entry)
    {
        var open = entry.IndexOf('<', StringComparison.Ordinal);
        var close = open < 0 ? -1 : entry.IndexOf('>', open + 1);
        var parameters = close >= 0 ? entry[(close + 1)..] : entry;
        foreach (var parameter in parameters.Split(';'))
        {
            var equals = parameter.IndexOf('=', StringComparison.Ordinal);
            var name = (equals < 0 ? parameter : parameter[..equals]).Trim().ToLowerInvariant();
            var value = equals < 0 ? string.Empty : parameter[(equals + 1)..].Trim().Trim('"').Trim().ToLowerInvariant();
            if (name is "verified" or "integrity" or "call-reason" || (name == "purpose" && value is "icon" or "jcard" or "rcd-jcard"))
            {
                return true;
            }
        }

        return false;
    }

    // Replaces the display-name of a one-line From (From: / f:), name-addr or addr-spec; a folded From is left alone.
    private static (string Head, bool Set) WithFromDisplayName(string head, string newline, string name)
    {
        var lines = head.Split(newline);
        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i];
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || !(line[..colon].Trim().Equals("From", StringComparison.OrdinalIgnoreCase) || line[..colon].Trim().Equals("f", StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            if (i + 1 < lines.Length && lines[i + 1].Length > 0 && lines[i + 1][0] is ' ' or '\t')
            {
                return (head, false);
            }

            var start = colon + 1;
            while (start < line.Length && line[start] is ' ' or '\t')
            {
                start++;
            }

            var open = IndexOfUnquoted(line, '<', colon + 1);
            if (open >= 0)
            {
                lines[i] = line[..start] + QuoteDisplayName(name) + " " + line[open..];
            }
            else
            {
                // addr-spec: its parameters are header parameters (RFC 3261 §20.10), so wrapping the URI keeps their meaning.
                var at = line.IndexOf('@', start);
                var semi = line.IndexOf(';', at >= 0 ? at : start);
                var uriEnd = semi >= 0 ? semi : line.Length;
                while (uriEnd > start && line[uriEnd - 1] is ' ' or '\t')
                {
                    uriEnd--;
                }

                if (uriEnd == start || line[start] == '"')
                {
                    return (head, false);
                }

                lines[i] = line[..start] + QuoteDisplayName(name) + " <" + line[start..uriEnd] + ">" + line[uriEnd..];
            }

            return (string.Join(newline, lines), true);
        }

        return (head, false);
    }

    private static int IndexOfUnquoted(string text, char wanted, int from)
    {
        var quoted = false;
        for (var i = from; i < text.Length; i++)
        {
            if (quoted && text[i] == '\\')
            {
                i++;
            }
            else if (text[i] == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && text[i] == wanted)
            {
                return i;
            }
        }

        return -1;
    }

    private static string Reason(string? callReason) => callReason is null ? string.Empty : ";call-reason=" + Quote(callReason);

    private static string Flags(bool verified, string? integrity) =>
        (verified ? ";verified=\"true\"" : string.Empty) + (integrity is null ? string.Empty : $";integrity=\"{integrity}\"");
}
