using System.Text;
using StirShaken.Identity.Passport;

namespace StirShaken.Identity.Verification;

/// <summary>
/// Presents verified Rich Call Data to the callee the way RFC 9796 describes (§4–§9): <c>Call-Info</c> with
/// <c>purpose=icon</c> and <c>purpose=jcard</c>, the <c>call-reason</c>, <c>verified="true"</c> and
/// <c>integrity</c> parameters, and the signed <c>nam</c> as the From display-name — for a terminating network
/// forwarding the INVITE to a trusted UNI device that cannot verify PASSporTs itself (RFC 9796 §1, §13).
/// </summary>
/// <remarks>
/// Only elements in state <see cref="RichCallDataElementState.Verified"/> are marked <c>verified</c> (RFC 9796 §7).
/// An icon whose digest was not checked because fetching is off is sent with its <c>integrity</c> and without
/// <c>verified</c>, so the device can check the bytes itself (README "Rich Call Data"). Content that failed is not
/// presented. Incoming <c>Call-Info</c> headers are left as they are.
/// </remarks>
public static class RichCallDataPresentation
{
    /// <summary>The Call-Info header values for <paramref name="rcd"/>, in order: icon, jCard, then the name/reason marker.</summary>
    /// <param name="rcd">The verified RCD of a passed call (<see cref="VerificationResult.RichCallData"/>).</param>
    /// <returns>Header values (without the <c>Call-Info:</c> name); empty when nothing can be presented.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="rcd"/> is null.</exception>
    public static IReadOnlyList<string> CallInfoValues(VerifiedRichCallData rcd)
    {
        ArgumentNullException.ThrowIfNull(rcd);
        var values = new List<string>();
        var reasonPlaced = rcd.CallReason is null;
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
            values.Add(jcard + Reason(rcd.CallReason));
            reasonPlaced = true;
        }

        // RFC 9796 §8: <data:>;purpose=jcard;verified="true" says the display-name (nam) was verified; it also carries call-reason.
        var nameVerified = rcd.Name is not null && rcd["/" + RichCallDataNames.Nam] is { State: RichCallDataElementState.Verified };
        if (jcard is null && (nameVerified || !reasonPlaced))
        {
            values.Add("<data:>;purpose=jcard" + Reason(rcd.CallReason) + Flags(nameVerified, null));
        }

        return values;
    }

    /// <summary>
    /// Adds the RFC 9796 headers to a raw SIP request and puts the verified <c>nam</c> into the From display-name;
    /// every other byte of <paramref name="rawRequest"/> is kept as it is (the Call-Info lines go right before the
    /// blank line that ends the headers, with the message's own line ending).
    /// </summary>
    /// <param name="rawRequest">The INVITE as received (CRLF or LF line endings).</param>
    /// <param name="rcd">The verified RCD.</param>
    /// <returns>The request to forward. Unchanged when nothing can be presented.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="rawRequest"/> has no end of headers.</exception>
    public static string Apply(string rawRequest, VerifiedRichCallData rcd)
    {
        ArgumentNullException.ThrowIfNull(rawRequest);
        ArgumentNullException.ThrowIfNull(rcd);
        var newline = rawRequest.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        var end = rawRequest.IndexOf(newline + newline, StringComparison.Ordinal);
        if (end < 0)
        {
            throw new ArgumentException("the request has no blank line ending its headers (RFC 3261 §7).", nameof(rawRequest));
        }

        var head = rawRequest[..end];
        if (rcd.Name is { Length: > 0 } name && rcd["/" + RichCallDataNames.Nam] is { State: RichCallDataElementState.Verified })
        {
            head = WithFromDisplayName(head, newline, name);
        }

        var builder = new StringBuilder(head);
        foreach (var value in CallInfoValues(rcd))
        {
            builder.Append(newline).Append("Call-Info: ").Append(value);
        }

        return builder.Append(rawRequest, end, rawRequest.Length - end).ToString();
    }

    /// <summary>A SIP quoted-string for a display-name (RFC 3261 §25.1): <c>"</c> and <c>\</c> escaped.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
    public static string QuoteDisplayName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return "\"" + name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
    }

    // Replaces the display-name of a one-line name-addr From header (From: / f:); otherwise leaves the head alone.
    private static string WithFromDisplayName(string head, string newline, string name)
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

            // A folded From (continuation line) is left alone.
            if (i + 1 < lines.Length && lines[i + 1].Length > 0 && lines[i + 1][0] is ' ' or '\t')
            {
                return head;
            }

            var open = IndexOfUnquoted(line, '<', colon + 1);
            if (open < 0)
            {
                return head;
            }

            var start = colon + 1;
            while (start < open && line[start] is ' ' or '\t')
            {
                start++;
            }

            lines[i] = line[..start] + QuoteDisplayName(name) + " " + line[open..];
            return string.Join(newline, lines);
        }

        return head;
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

    private static string Reason(string? callReason) => callReason is null ? string.Empty : ";call-reason=" + QuoteDisplayName(callReason);

    private static string Flags(bool verified, string? integrity) =>
        (verified ? ";verified=\"true\"" : string.Empty) + (integrity is null ? string.Empty : $";integrity=\"{integrity}\"");
}
