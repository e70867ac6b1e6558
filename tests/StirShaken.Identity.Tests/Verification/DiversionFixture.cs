using System.Security.Cryptography;
using StirShaken.Identity.Certificates;
using StirShaken.Identity.Passport;
using StirShaken.Identity.Signing;
using StirShaken.Identity.Sip;
using StirShaken.Identity.Testing;
using StirShaken.Identity.Verification;

namespace StirShaken.Identity.Tests.Verification;

/// <summary>
/// A SHAKEN-signed call to B (TestCall) and a retargeting provider (SPC 5678, its own x5u) that diverts it to C, D, ...
/// RFC 8946 §4.1 via <see cref="DiversionSigner"/>.
/// </summary>
internal sealed class DiversionFixture : IDisposable
{
    public const string DivX5u = "https://div.example.net/div.pem";
    public const string B = TestCall.Dest;            // 12125551213, the original called number
    public const string C = "12125550199";
    public const string D = "12125550188";

    public DiversionFixture()
    {
        Call = new TestCall();
        (DivChain, DivKey) = Call.Pki.IssueLeaf(new TestLeafOptions { Spc = "5678", NotBefore = TestCall.Now.AddDays(-1), NotAfter = TestCall.Now.AddDays(30) });
        Call.Certificates.Add(DivX5u, DivChain);
        DivPassportSigner = new PassportSigner(DivKey, DivX5u, Call.Clock);
        Diverter = new DiversionSigner(DivPassportSigner);
    }

    public TestCall Call { get; }

    public CertificateChain DivChain { get; }

    public ECDsa DivKey { get; }

    public PassportSigner DivPassportSigner { get; }

    public DiversionSigner Diverter { get; }

    public static string RequestUri(string tn) => $"sip:+{tn}@example.net;user=phone";

    /// <summary>The SHAKEN-signed INVITE to B.</summary>
    public SipMessage Original() => SipMessage.Parse(Call.SignedInvite());

    /// <summary>The INVITE forwarded from B to C: original Identity kept, a div added, Request-URI = C.</summary>
    public SipMessage Forwarded() => Diverter.Retarget(Original(), C, RequestUri(C));

    public StirShakenVerifier Verifier(VerifierOptions? options = null) => Call.Verifier(options);

    /// <summary>The Identity header value of a div PASSporT built from raw claims (signed by <paramref name="key"/>, default the diverter's).</summary>
    public string RawDiv(string payloadJson, ECDsa? key = null, string ppt = "div", string x5u = DivX5u, string parameters = ";ppt=\"div\"") =>
        TestCall.RawJws($"{{\"alg\":\"ES256\",\"ppt\":\"{ppt}\",\"typ\":\"passport\",\"x5u\":\"{x5u}\"}}", payloadJson, key ?? DivKey) + $";info=<{x5u}>" + parameters;

    public static string DivPayload(string from = B, string to = C, string orig = TestCall.Orig, long? iat = null) =>
        $"{{\"dest\":{{\"tn\":[\"{to}\"]}},\"div\":{{\"tn\":\"{from}\"}},\"iat\":{iat ?? TestCall.Now.ToUnixTimeSeconds()},\"orig\":{{\"tn\":\"{orig}\"}}}}";

    /// <summary>The original INVITE with its Request-URI moved to <paramref name="target"/> and <paramref name="identities"/> added.</summary>
    public SipMessage WithIdentities(string target, params string[] identities)
    {
        var message = SipMessage.Parse(Call.SignedInvite());
        foreach (var identity in identities)
        {
            message = message.WithHeaderAdded(SipHeaderNames.Identity, identity);
        }

        return SipMessage.Parse(message.ToString().Replace("INVITE sip:+12125551213@example.net;user=phone", "INVITE " + RequestUri(target), StringComparison.Ordinal));
    }

    public static PassportClaims Claims(PassportToken token) => token.Claims;

    public void Dispose()
    {
        DivPassportSigner.Dispose();
        DivKey.Dispose();
        Call.Dispose();
    }
}
