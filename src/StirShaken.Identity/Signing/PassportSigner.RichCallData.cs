using StirShaken.Identity.Passport;
using StirShaken.Identity.Sip;

namespace StirShaken.Identity.Signing;

// Rich Call Data signing (RFC 9795 §12.1): rcd/rcdi/crn in the SHAKEN PASSporT (§13.2), or a separate rcd PASSporT (§8).
public sealed partial class PassportSigner
{
    /// <summary>
    /// Creates and signs a SHAKEN PASSporT carrying Rich Call Data claims (RFC 9795 §13.2: <c>rcd</c>, <c>rcdi</c>,
    /// <c>crn</c> beside <c>attest</c>/<c>origid</c>), the practice of US branded calling. Compute <c>rcdi</c> with
    /// <see cref="RichCallDataClaims.ComputeIntegrity"/>. The result must be sent in full form.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> or <paramref name="richCallData"/> is null.</exception>
    /// <exception cref="ArgumentException">The RCD is third-party (<c>iss</c>; RFC 9795 §12.1: use <see cref="CreateRichCallDataPassport"/>), or the request is invalid.</exception>
    public PassportToken CreatePassport(SigningRequest request, RichCallDataClaims richCallData)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(richCallData);
        if (richCallData.Issuer is not null)
        {
            throw new ArgumentException("Third-party RCD (iss) must be signed in a separate ppt=rcd PASSporT (RFC 9795 §12.1).", nameof(richCallData));
        }

        var (orig, dest, iat) = Identities(request);
        var claims = new PassportClaims(PassportIdentity.FromTn(orig), dest, iat)
        {
            Attest = request.Attestation.ToString(),
            OrigId = request.OrigId ?? Guid.NewGuid().ToString(),
            OtherClaims = richCallData.ToClaims(),
        };
        return Sign(new PassportHeader(X5u, PassportTypes.Shaken), claims);
    }

    /// <summary>
    /// Creates and signs a separate <c>ppt=rcd</c> PASSporT (RFC 9795 §8): <c>orig</c>, <c>dest</c>, <c>iat</c> and the
    /// RCD claims (with <c>iss</c> for third-party RCD, §10.1). It accompanies the call's SHAKEN PASSporT in its own
    /// Identity header (<see cref="CreateIdentityHeader(PassportToken, bool)"/> writes <c>ppt=rcd</c>).
    /// </summary>
    /// <param name="request">orig, dest and iat (the attestation is not used).</param>
    /// <param name="richCallData">The RCD claims.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The request is invalid.</exception>
    public PassportToken CreateRichCallDataPassport(SigningRequest request, RichCallDataClaims richCallData)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(richCallData);
        var (orig, dest, iat) = Identities(request);
        var claims = new PassportClaims(PassportIdentity.FromTn(orig), dest, iat) { OtherClaims = richCallData.ToClaims() };
        return Sign(new PassportHeader(X5u, PassportTypes.Rcd), claims);
    }

    /// <summary>
    /// Signs a SIP request with Rich Call Data: like <see cref="Sign(SipMessage, Attestation, string?, bool)"/>, the RCD
    /// either inside the SHAKEN PASSporT (default) or, with <paramref name="separatePassport"/>, in a second Identity
    /// header carrying a <c>ppt=rcd</c> PASSporT. Always the full form (RFC 8225 §8.1, RFC 9795 §9).
    /// </summary>
    /// <exception cref="ArgumentException">The request has no telephone number in PAI/From or To, or the RCD is third-party without <paramref name="separatePassport"/>.</exception>
    public SipMessage SignWithRichCallData(SipMessage request, Attestation attestation, RichCallDataClaims richCallData, bool separatePassport = false, string? origId = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(richCallData);
        var call = CallIdentities.FromMessage(request);
        var orig = call.FirstOrigTn ?? throw new ArgumentException($"The request has no telephone number in {call.OrigSource}.", nameof(request));
        var dest = call.FirstDestTn ?? throw new ArgumentException("The request has no telephone number in To.", nameof(request));
        var issuedAt = call.Date ?? _time.GetUtcNow();
        var message = call.HasValidDate ? request : request.WithHeaderReplaced(SipHeaderNames.Date, SipDate.Format(issuedAt));
        var signing = new SigningRequest(orig, [dest], attestation) { OrigId = origId, IssuedAt = issuedAt };
        if (!separatePassport)
        {
            return message.WithHeaderAdded(SipHeaderNames.Identity, CreateIdentityHeader(CreatePassport(signing, richCallData)));
        }

        return message
            .WithHeaderAdded(SipHeaderNames.Identity, CreateIdentityHeader(CreatePassport(signing)))
            .WithHeaderAdded(SipHeaderNames.Identity, CreateIdentityHeader(CreateRichCallDataPassport(signing, richCallData)));
    }

    private (string Orig, string[] Dest, long IssuedAt) Identities(SigningRequest request)
    {
        var orig = Canonical(request.OrigTn, nameof(request.OrigTn));
        var dest = request.DestTns.Select(d => Canonical(d, nameof(request.DestTns))).Distinct(StringComparer.Ordinal).ToArray();
        if (dest.Length == 0)
        {
            throw new ArgumentException("At least one destination number is required.", nameof(request));
        }

        return (orig, dest, (request.IssuedAt ?? _time.GetUtcNow()).ToUnixTimeSeconds());
    }
}
