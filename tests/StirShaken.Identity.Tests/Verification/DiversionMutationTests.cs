using StirShaken.Identity.Sip;
using StirShaken.Identity.Verification;

namespace StirShaken.Identity.Tests.Verification;

/// <summary>
/// Mutations over multi-header requests (SHAKEN + two chained divs): one character of one Identity header changed,
/// headers dropped or duplicated. The verifier never throws; a changed signed byte never keeps a chain verified, and
/// a changed SHAKEN PASSporT never verifies the call.
/// </summary>
public class DiversionMutationTests
{
    private const string Base64UrlAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    private static readonly VerifierOptions RequestUriOnly = new() { DestinationSource = DestinationSource.RequestUri };

    private DiversionFixture _f = null!;
    private SipMessage _twice = null!;

    [SetUp]
    public void SetUp()
    {
        _f = new DiversionFixture();
        var once = _f.Diverter.Retarget(_f.Original(), DiversionFixture.C, DiversionFixture.RequestUri(DiversionFixture.C));
        _twice = _f.Diverter.Retarget(once, DiversionFixture.D, DiversionFixture.RequestUri(DiversionFixture.D));
    }

    [TearDown]
    public void TearDown() => _f.Dispose();

    [Test]
    public async Task Unmutated_Verifies()
    {
        var result = await _f.Verifier(RequestUriOnly).VerifyAsync(_twice);

        Assert.That(result.Diversion!.Hops, Has.Count.EqualTo(2));
    }

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(2)]
    public async Task OneSignedCharacterChanged_NeverVerifiesThroughTheChain(int header)
    {
        var verifier = _f.Verifier(RequestUriOnly);
        var random = new Random(8946 + header);
        var value = _twice.GetHeaderValues(SipHeaderNames.Identity)[header];
        var token = value[..value.IndexOf(';', StringComparison.Ordinal)];
        for (var i = 0; i < 60; i++)
        {
            // Any position except the last character of a segment (its padding bits may not be signed).
            int position;
            do
            {
                position = random.Next(token.Length);
            }
            while (token[position] == '.' || position + 1 == token.Length || token[position + 1] == '.');

            var replacement = Base64UrlAlphabet[random.Next(Base64UrlAlphabet.Length)];
            if (replacement == token[position])
            {
                continue;
            }

            var mutated = string.Concat(token.AsSpan(0, position), replacement.ToString(), token.AsSpan(position + 1)) + value[token.Length..];
            var request = SipMessage.Parse(_twice.ToString().Replace(value, mutated, StringComparison.Ordinal));

            var result = await verifier.VerifyAsync(request);

            Assert.That(result.Diversion, Is.Null, $"mutation at {position} of header {header}: {string.Join("; ", result.Diversions)}");
            Assert.That(result.IsSuccess, Is.False, $"mutation at {position} of header {header}: {result}");
            Assert.That(result.Failure!.StatusCode, Is.AnyOf(403, 436, 437, 438), result.Failure.Detail);
        }
    }

    [Test]
    public async Task DroppedOrDuplicatedHeaders_NeverThrow_AndOnlyTheCompleteChainVerifies()
    {
        var values = _twice.GetHeaderValues(SipHeaderNames.Identity);
        var stripped = _twice.ToString();
        foreach (var value in values)
        {
            stripped = stripped.Replace("Identity: " + value + "\r\n", string.Empty, StringComparison.Ordinal);
        }

        var verifier = _f.Verifier(RequestUriOnly);
        int[][] subsets = [[0], [1], [2], [0, 1], [0, 2], [1, 2], [0, 1, 2], [2, 1, 0], [0, 0, 1, 2], [0, 1, 2, 2], [2, 2, 1, 1, 0, 0]];
        foreach (var subset in subsets)
        {
            var request = SipMessage.Parse(stripped);
            foreach (var index in subset)
            {
                request = request.WithHeaderAdded(SipHeaderNames.Identity, values[index]);
            }

            var result = await verifier.VerifyAsync(request);

            var complete = subset.Contains(0) && subset.Contains(1) && subset.Contains(2);
            Assert.That(result.IsSuccess, Is.EqualTo(complete), $"[{string.Join(",", subset)}]: {result} {string.Join("; ", result.Diversions)}");
            Assert.That(result.Diversion is not null, Is.EqualTo(complete));
        }
    }
}
