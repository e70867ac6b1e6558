using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using StirShaken.Identity.Sip;
using StirShaken.Identity.Verification;

namespace SipEndpoint;

/// <summary>
/// A minimal SIP UAS over UDP that verifies the Identity of every INVITE with the library and answers
/// 200 OK (verstat in <c>X-Verstat</c>) or the library's failure response (438/437/436/403/428 +
/// Reason). OPTIONS, BYE and CANCEL get 200, ACK nothing, other methods 501; responses, garbage and
/// requests without Via are ignored. One datagram is one message (RFC 3261 §18.3).
/// </summary>
public sealed class SipUdpEndpoint : IDisposable
{
    private readonly Socket _socket;
    private readonly StirShakenVerifier _verifier;
    private readonly TextWriter _log;

    /// <summary>Binds the UDP socket (port 0 picks a free port; see <see cref="LocalEndPoint"/>).</summary>
    public SipUdpEndpoint(IPEndPoint listen, StirShakenVerifier verifier, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(listen);
        _verifier = verifier ?? throw new ArgumentNullException(nameof(verifier));
        _log = log ?? throw new ArgumentNullException(nameof(log));
        _socket = new Socket(listen.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            _socket.Bind(listen);
        }
        catch
        {
            _socket.Dispose();
            throw;
        }

        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
    }

    /// <summary>The bound address and port.</summary>
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>When set, every INVITE is redirected (301 + div PASSporT, RFC 8946 §7) instead of verified.</summary>
    public SipRedirector? Redirector { get; init; }

    /// <summary>Receives and answers datagrams until <paramref name="cancellationToken"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[65_535];
        EndPoint any = new IPEndPoint(LocalEndPoint.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!cancellationToken.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.MessageSize)
            {
                continue; // ICMP port unreachable from an earlier send, or an oversized datagram: keep serving.
            }

            var remote = (IPEndPoint)received.RemoteEndPoint;
            try
            {
                var text = Encoding.UTF8.GetString(buffer, 0, received.ReceivedBytes);
                var response = await HandleAsync(text, remote, cancellationToken).ConfigureAwait(false);
                if (response is not null)
                {
                    // RFC 3261 §18.2.2 with rport (RFC 3581): answer where the request came from.
                    await _socket.SendToAsync(Encoding.UTF8.GetBytes(response), SocketFlags.None, remote, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // One bad datagram (or a failed send) must never stop the endpoint.
            catch (Exception e)
#pragma warning restore CA1031
            {
                Log($"{remote} error: {e.GetType().Name}: {e.Message}");
            }
        }
    }

    /// <summary>Answers one datagram: the response text, or null when nothing is to be sent. Never throws on input.</summary>
    public async Task<string?> HandleAsync(string datagram, IPEndPoint remote, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(datagram);
        ArgumentNullException.ThrowIfNull(remote);
        if (string.IsNullOrWhiteSpace(datagram))
        {
            return null; // keep-alive (RFC 5626 CRLF) or empty datagram
        }

        var parsed = SipMessage.TryParse(datagram, _verifier.Options.Parser);
        if (!parsed.IsSuccess)
        {
            Log($"{remote} ignored: not a SIP message ({parsed.Error})");
            return null;
        }

        var request = parsed.Value;
        if (!request.IsRequest)
        {
            return null;
        }

        var callId = request.GetHeader(SipHeaderNames.CallId) ?? "-";
        if (request.GetHeaderValues(SipHeaderNames.Via).Count == 0 || request.GetHeader(SipHeaderNames.CSeq) is null)
        {
            Log($"{request.Method} {callId} from {remote} ignored: no Via or CSeq to answer with");
            return null;
        }

        switch (request.Method)
        {
            case "ACK":
                Log($"ACK {callId} from {remote}");
                return null;
            case "INVITE":
                return await AnswerInviteAsync(request, remote, callId, cancellationToken).ConfigureAwait(false);
            case "OPTIONS" or "BYE" or "CANCEL":
                Log($"{request.Method} {callId} from {remote} -> 200 OK");
                return BuildResponse(request, SipStatus.Ok, []);
            default:
                Log($"{request.Method} {callId} from {remote} -> 501 Not Implemented");
                return BuildResponse(request, new SipStatus(501, "Not Implemented"), []);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _socket.Dispose();

    private async Task<string> AnswerInviteAsync(SipMessage request, IPEndPoint remote, string callId, CancellationToken cancellationToken)
    {
        if (Redirector is not null)
        {
            var (redirect, note) = Redirector.Answer(request, LocalEndPoint, ToTag(request));
            Log($"INVITE {callId} from {remote} -> {note}");
            return redirect;
        }

        var result = await _verifier.VerifyAsync(request, cancellationToken).ConfigureAwait(false);
        if (result.Failure is { } failure)
        {
            Log($"INVITE {callId} from {remote} -> {failure.StatusCode} {failure.ReasonPhrase} {result.Verstat} {failure.Reason}: {failure.Detail}");

            // The same To tag for retransmissions of the same INVITE (RFC 3261 §8.2.6.2).
            return result.CreateFailureResponse(request, ToTag(request)).ToString();
        }

        var details = result.IsSuccess
            ? $" attest={result.Attestation} orig={result.Orig} dest={string.Join(",", result.Dest)} origid={result.OrigId} spc={result.Spc}"
                + (result.Diversion is { } chain ? $" diverted from {string.Join(",", chain.OriginalDestination)} to {string.Join(",", chain.CurrentTarget)}" : string.Empty)
            : string.Empty;
        Log($"INVITE {callId} from {remote} -> 200 OK {result.Verstat}{details}");
        var extra = new List<SipHeaderField>
        {
            // 3GPP TS 24.229 puts verstat on the PAI/From toward the callee; a UAS reports it back for the demo.
            new("X-Verstat", result.Verstat),
            new("Contact", $"<sip:stir@{LocalEndPoint}>"),
        };
        if (result.Attestation is { } attestation)
        {
            extra.Add(new("X-Attestation", attestation.ToString()));
        }

        // RFC 8946: the call was retargeted (forwarded or redirected) and the div chain to this target verified.
        if (result.Diversion is { } diversion)
        {
            extra.Add(new("X-Diversion", string.Join(", ", diversion.Hops.Select(h => $"from {h.From} to {string.Join(" ", h.To)} spc {h.Spc}"))));
        }

        return BuildResponse(request, SipStatus.Ok, extra);
    }

    /// <summary>A response per RFC 3261 §8.2.6 (the library copies Via, From, To + tag, Call-ID, CSeq); no body.</summary>
    private static string BuildResponse(SipMessage request, SipStatus status, IReadOnlyList<SipHeaderField> extra) =>
        SipResponse.Create(request, status, extra, ToTag(request)).ToString();

    /// <summary>A To tag derived from Call-ID and From, so a retransmitted request gets the same tag.</summary>
    private static string ToTag(SipMessage request)
    {
        var key = (request.GetHeader(SipHeaderNames.CallId) ?? string.Empty) + "|" + (request.GetHeader(SipHeaderNames.From) ?? string.Empty);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)), 0, 8);
    }

    private void Log(string line)
    {
        lock (_log)
        {
            _log.WriteLine($"{DateTimeOffset.UtcNow:HH:mm:ss.fff} {line}");
            _log.Flush();
        }
    }
}
