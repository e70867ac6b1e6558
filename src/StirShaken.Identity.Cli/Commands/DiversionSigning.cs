using StirShaken.Identity.Signing;
using StirShaken.Identity.Sip;

namespace StirShaken.Identity.Cli.Commands;

/// <summary><c>sign --div</c>: retargets a signed request with RFC 8946 <c>div</c> PASSporT(s) (README "Retargeted calls (301/302, forwarding)").</summary>
internal static class DiversionSigning
{
    public const string Notes =
        "With --div: retargets the signed request of --message to --new-target (RFC 8946 §4.1): adds one Identity header\n" +
        "<jws>;info=<URL>;alg=ES256;ppt=\"div\" per PASSporT naming the current target (the Request-URI's number), keeps\n" +
        "the original Identity, and sets the Request-URI to --request-uri (default sip:+TN@<old host>;user=phone). The key\n" +
        "must cover the number diverted from. Nothing is added when the canonical target does not change.\n";

    public static IReadOnlyList<OptionSpec> Options { get; } =
    [
        new("div", null, "Retarget --message: add div PASSporT(s) instead of a SHAKEN one (RFC 8946)."),
        new("new-target", "TN", "With --div: the new called number."),
        new("request-uri", "URI", "With --div: the new Request-URI; default sip:+TN@<host of the old one>;user=phone."),
        new("hi", "INDEX", "With --div: the History-Info index to put in div.hi (RFC 8946 §8)."),
    ];

    public static string Retarget(PassportSigner signer, SipMessage message, ParsedArguments arguments)
    {
        var target = arguments.Required("new-target");
        var canonical = TelephoneNumber.Canonicalize(target);
        if (canonical.Length == 0)
        {
            throw new UsageException($"--new-target '{target}' is not a telephone number");
        }

        var requestUri = arguments.Single("request-uri") ?? $"sip:+{canonical}@{Host(message.RequestUri)};user=phone";
        try
        {
            return new DiversionSigner(signer).Retarget(message, canonical, requestUri, historyInfoIndex: arguments.Single("hi")).ToString();
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"--div: {InputFiles.Describe(e)}", e);
        }
    }

    private static string Host(string? requestUri)
    {
        if (requestUri is not null && SipUri.TryParse(requestUri) is { IsSuccess: true } uri && uri.Value.Host is { Length: > 0 } host)
        {
            return uri.Value.Port is { } port ? $"{host}:{port}" : host;
        }

        return "invalid";
    }
}
