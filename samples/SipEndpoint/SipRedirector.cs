using System.Net;
using StirShaken.Identity.Signing;
using StirShaken.Identity.Sip;

namespace SipEndpoint;

/// <summary>
/// A STIR-aware redirect server (RFC 8946 §7): answers an INVITE with 301 Moved Permanently, a Contact for the new
/// target and the <c>div</c> PASSporT(s) from the redirecting entity in Identity headers. An INVITE without Identity
/// gets a plain 301 (RFC 8946 §4.1: no div without an original).
/// </summary>
public sealed class SipRedirector : IDisposable
{
    private readonly PassportSigner _signer;
    private readonly DiversionSigner _diverter;
    private readonly string _target;
    private readonly string? _hostPort;

    private SipRedirector(PassportSigner signer, string target, string? hostPort)
    {
        _signer = signer;
        _diverter = new DiversionSigner(signer);
        _target = target;
        _hostPort = hostPort;
    }

    /// <summary>Parses <c>TN[@HOST:PORT]</c>; the key (PEM) must cover the numbers it redirects from.</summary>
    public static SipRedirector Create(string redirectTo, string keyPem, string x5u)
    {
        var at = redirectTo.IndexOf('@', StringComparison.Ordinal);
        var tn = TelephoneNumber.Canonicalize(at < 0 ? redirectTo : redirectTo[..at]);
        if (tn.Length == 0)
        {
            throw new ArgumentException($"'{redirectTo}' does not start with a telephone number");
        }

        return new SipRedirector(PassportSigner.FromPem(keyPem, x5u), tn, at < 0 ? null : redirectTo[(at + 1)..]);
    }

    /// <summary>The 301 for <paramref name="request"/> and a log note.</summary>
    public (string Response, string Note) Answer(SipMessage request, IPEndPoint local, string toTag)
    {
        var contact = $"sip:+{_target}@{_hostPort ?? local.ToString()};user=phone";
        try
        {
            var response = _diverter.CreateRedirect(request, _target, contact, SipRedirect.MovedPermanently, toTag);
            var divs = response.Headers.Count(h => h.Name == SipHeaderNames.Identity);
            return (response.ToString(), $"301 Moved Permanently to {contact} with {divs} div PASSporT(s)");
        }
        catch (ArgumentException e)
        {
            // No Identity to divert from: a plain redirect.
            return (SipRedirect.CreateResponse(request, SipRedirect.MovedPermanently, [contact], null, toTag).ToString(), $"301 Moved Permanently to {contact} without div ({e.Message})");
        }
    }

    /// <inheritdoc />
    public void Dispose() => _signer.Dispose();
}
