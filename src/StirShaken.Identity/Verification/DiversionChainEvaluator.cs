using System.Globalization;
using StirShaken.Identity.Parsing;
using StirShaken.Identity.Passport;
using StirShaken.Identity.Sip;

namespace StirShaken.Identity.Verification;

/// <summary>
/// Builds and judges the RFC 8946 §4.2 diversion chains of one request: every <c>div</c> PASSporT is linked to each
/// other PASSporT whose <c>dest</c> contains its <c>div</c> value (membership, canonical TN comparison, in any header
/// order), a <c>div-o</c> to the PASSporT nested in its <c>opt</c> (§5.1); each path from an outermost diversion
/// (one no other <c>div</c> refers to) to an original PASSporT is a chain. Local checks of a whole chain (links,
/// <c>orig</c>, target, freshness) run before any credential of it is fetched. Not thread-safe: one per request.
/// </summary>
internal sealed class DiversionChainEvaluator
{
    private const int MaxChains = 32;

    private readonly PassportVerifier _passports;
    private readonly VerifierOptions _options;
    private readonly CallIdentities _call;
    private readonly IReadOnlyList<string> _targetTns;
    private readonly string? _requestUri;
    private readonly DateTimeOffset _now;
    private readonly Dictionary<(int, int), PassportNode> _nodes = [];

    public DiversionChainEvaluator(PassportVerifier passports, VerifierOptions options, SipMessage message, CallIdentities call, DateTimeOffset now)
    {
        _passports = passports;
        _options = options;
        _call = call;
        _now = now;
        _requestUri = options.DiversionTarget == DestinationSource.To ? null : message.RequestUri;
        _targetTns = TargetNumbers(message, options.DiversionTarget, options.LenientTelephoneNumbers, options.NormalizeNumber);
    }

    /// <summary>The canonical TNs of the call's current target for <paramref name="source"/> (To and/or Request-URI).</summary>
    public static IReadOnlyList<string> TargetNumbers(SipMessage message, DestinationSource source, bool lenient, Func<string, string>? normalize)
    {
        var numbers = new List<string>(2);
        if (source != DestinationSource.RequestUri)
        {
            numbers.AddRange(TelephoneNumber.FromHeader(message, SipHeaderNames.To, lenient));
        }

        if (source != DestinationSource.To && message.RequestUri is { } requestUri
            && SipUri.TryParse(requestUri) is { IsSuccess: true } uri && TelephoneNumber.TryGetCanonical(uri.Value, lenient) is { IsSuccess: true } tn)
        {
            numbers.Add(tn.Value);
        }

        return normalize is null ? numbers : [.. numbers.Select(normalize)];
    }

    /// <summary>Adds one examined Identity header (every examined one: roots, diversions, and skipped ones with a decoded PASSporT).</summary>
    /// <param name="index">The header's zero-based index.</param>
    /// <param name="examined">What phase 1 found locally.</param>
    /// <param name="rootVerdict">The root's credential verdict when the root-alone path already obtained it.</param>
    /// <param name="value">The header value (an unsupported PASSporT is decoded here only, to find the chains it ends).</param>
    public void Add(int index, ExaminedPassport examined, string value, PassportVerification? rootVerdict)
    {
        var passport = examined.Passport;
        if (passport is null && examined.IsSkipped && IdentityHeader.TryParse(value, _options.Parser.MaxTokenLength) is { IsSuccess: true, Value.IsCompact: false } header
            && PassportVerifier.Decode(header.Value) is { IsSuccess: true } decoded)
        {
            passport = decoded.Value;
        }

        if (passport is null)
        {
            return;
        }

        var rules = examined.Rules;
        if (rules is null && examined.Failure is not null && examined.Ppt is { } ppt)
        {
            PassportTypeRegistry.TryGet(ppt, out rules!);
        }

        var node = new PassportNode(index, 0, examined.Header?.Info ?? passport.Header.X5u ?? string.Empty, passport, rules, passport)
        {
            LocalFailure = examined.Failure ?? (examined.Header is { } examinedHeader ? _passports.CheckInfo(examinedHeader) : null),
            Credential = rootVerdict,
        };
        Prepare(node);
        _nodes[(index, 0)] = node;
    }

    /// <summary>The diversions of the request as header index → node (for the per-header outcome).</summary>
    public IEnumerable<PassportNode> Diversions => _nodes.Values.Where(n => n.IsDiversion);

    /// <summary>Builds every chain, runs the local checks, then the credentials of the chains that passed them.</summary>
    public async ValueTask<IReadOnlyList<(DiversionChain Chain, PassportNode? Root, List<PassportNode> Path)>> EvaluateAsync(CancellationToken cancellationToken)
    {
        var headerNodes = _nodes.Values.OrderBy(n => n.HeaderIndex).ToList();
        var divs = headerNodes.Where(n => n.IsDiversion).ToList();
        var referenced = new HashSet<PassportNode>();
        foreach (var div in divs)
        {
            foreach (var parent in Parents(div, headerNodes))
            {
                if (parent.IsDiversion)
                {
                    referenced.Add(parent);
                }
            }
        }

        // Outermost first in header order; a diversion only reachable through a loop gets its own (failed) chain.
        var paths = new List<List<PassportNode>>();
        foreach (var outermost in divs.Where(d => !referenced.Contains(d)))
        {
            Walk([outermost], headerNodes, paths);
        }

        foreach (var div in divs.Where(d => !paths.Any(p => p.Contains(d))))
        {
            paths.Add([div]);
        }

        var results = new List<(DiversionChain, PassportNode?, List<PassportNode>)>(paths.Count);
        foreach (var path in paths.Take(MaxChains))
        {
            results.Add(await JudgeAsync(path, headerNodes, cancellationToken).ConfigureAwait(false));
        }

        return results;
    }

    // Depth-first from the outermost: path[0] is the outermost, the last element the innermost reached.
    private void Walk(List<PassportNode> path, List<PassportNode> headerNodes, List<List<PassportNode>> paths)
    {
        if (paths.Count >= MaxChains)
        {
            return;
        }

        var last = path[^1];
        var diversions = path.Count(n => n.IsDiversion);
        if (!last.IsDiversion || diversions > _options.MaxDiversions)
        {
            paths.Add(path);
            return;
        }

        var parents = Parents(last, headerNodes).Where(p => !path.Contains(p)).ToList();
        if (parents.Count == 0)
        {
            paths.Add(path);
            return;
        }

        foreach (var parent in parents)
        {
            Walk([.. path, parent], headerNodes, paths);
        }
    }

    // RFC 8946 §4.2: the earlier PASSporTs whose dest holds the div value; §5.1: a div-o's is the one nested in opt.
    private static IEnumerable<PassportNode> Parents(PassportNode div, List<PassportNode> headerNodes)
    {
        if (div.IsNestedDiversion)
        {
            return div.Nested is { } nested ? [nested] : [];
        }

        if (div.Passport.Claims.Div?.Target is not { } from)
        {
            return [];
        }

        return headerNodes.Where(n => !ReferenceEquals(n, div) && DestContains(n.Passport.Claims, from));
    }

    private async ValueTask<(DiversionChain, PassportNode?, List<PassportNode>)> JudgeAsync(List<PassportNode> outerFirst, List<PassportNode> headerNodes, CancellationToken cancellationToken)
    {
        var path = Enumerable.Reverse(outerFirst).ToList(); // innermost first
        var root = path[0].IsDiversion ? null : path[0];
        var hops = root is null ? path : path.Skip(1).ToList();
        var outermost = hops[^1];
        var (failure, at) = CheckLocally(root, hops, outermost);

        if (failure is null && root is { Rules: null })
        {
            return (Build(DiversionChainStatus.Ignored, null, null, root, hops), root, path);
        }

        // RFC 8946 §4.2 second and fifth steps: every signature and credential, the root's first (often already known).
        if (failure is null)
        {
            foreach (var node in path)
            {
                node.Credential ??= await _passports.VerifyCredentialAsync(node.Info, node.Passport, node.Rules!.SignerScope(node.Passport.Claims), _now, cancellationToken).ConfigureAwait(false);
                if (!node.Credential.IsSuccess)
                {
                    (failure, at) = (node.Credential.Failure, node);
                    break;
                }
            }
        }

        return (Build(failure is null ? DiversionChainStatus.Verified : DiversionChainStatus.Failed, failure, at, root, hops), root, path);
    }

    // The local checks of a chain, in RFC 8946 §4.2 order where it gives one; the node the failure belongs to.
    private (VerificationFailure?, PassportNode?) CheckLocally(PassportNode? root, List<PassportNode> hops, PassportNode outermost)
    {
        if (hops.Count > _options.MaxDiversions)
        {
            return (new VerificationFailure(FailureReason.DiversionChainTooLong, $"the chain has more than {_options.MaxDiversions} diversions (VerifierOptions.MaxDiversions)"), hops[0]);
        }

        if (root is null)
        {
            var first = hops[0];
            return (first.LocalFailure ?? first.NestedFailure ?? new VerificationFailure(FailureReason.DiversionNotLinked,
                $"no other PASSporT of the request has a dest containing div {first.Passport.Claims.Div?.Target} (Identity header {first.HeaderIndex + 1}{Nesting(first)})"), first);
        }

        // A PASSporT that failed its own local checks (syntax, header, claims, info URL) breaks the chain at it.
        foreach (var node in (IEnumerable<PassportNode>)[root, .. hops])
        {
            if (node.LocalFailure is { } local)
            {
                return (local, node);
            }
        }

        if (root.Rules is null)
        {
            return (null, null); // ignored: unsupported original (RFC 8946 §4.2 fifth step)
        }

        // A div-o's nested original must be the one it diverts from (RFC 8946 §5.1).
        for (var i = 0; i < hops.Count; i++)
        {
            var previous = i == 0 ? root : hops[i - 1];
            if (!DestContains(previous.Passport.Claims, hops[i].Passport.Claims.Div!.Target))
            {
                return (new VerificationFailure(FailureReason.DiversionNotLinked, $"the nested PASSporT's dest [{string.Join(", ", Destinations(previous.Passport.Claims))}] does not contain div {hops[i].Passport.Claims.Div!.Target}"), hops[i]);
            }
        }

        // Third step: orig unchanged along the whole chain, else the whole chain is invalid.
        foreach (var hop in hops)
        {
            if (!SameIdentity(hop.Passport.Claims.Orig, root.Passport.Claims.Orig))
            {
                return (new VerificationFailure(FailureReason.DiversionOrigChanged, $"the diversion in Identity header {hop.HeaderIndex + 1}{Nesting(hop)} has orig {hop.Passport.Claims.Orig}, the original PASSporT orig {root.Passport.Claims.Orig}"), hop);
            }
        }

        // First step: the outermost dest is the call's current target (Request-URI by default).
        if (!MatchesTarget(outermost.Passport.Claims))
        {
            var target = _targetTns.Count > 0 ? string.Join(" / ", _targetTns) : (_requestUri ?? "none");
            return (new VerificationFailure(FailureReason.DiversionTargetMismatch,
                $"the outermost diversion's dest [{string.Join(", ", Destinations(outermost.Passport.Claims))}] is not the call's target {target} ({_options.DiversionTarget})"), outermost);
        }

        // Then orig against SIP (RFC 8224 §6.2 step 2).
        if (RequestBinding.CheckOrig(root.Passport.Claims, _call, _options.StrictTelephoneNumbers) is { } origFailure)
        {
            return (origFailure, root);
        }

        // Fourth step: the outermost iat (and the Date header) in the normal window; the original's in its own, longer one.
        if (RequestBinding.CheckFreshness(outermost.Passport.Claims, _call, _now, _options) is { } stale)
        {
            return (stale, outermost);
        }

        var iat = root.Passport.Claims.IssuedAtTime;
        if (_now - iat > _options.DiversionOriginalMaxAge)
        {
            return (new VerificationFailure(FailureReason.StaleIat,
                $"the original PASSporT's iat {root.Passport.Claims.IssuedAt} is {(long)(_now - iat).TotalSeconds} s old; a diverted call allows {(long)_options.DiversionOriginalMaxAge.TotalSeconds} s (VerifierOptions.DiversionOriginalMaxAge)"), root);
        }

        if (iat - _now > _options.MaxFutureSkew)
        {
            return (new VerificationFailure(FailureReason.FutureIat, $"the original PASSporT's iat {root.Passport.Claims.IssuedAt} is {(long)(iat - _now).TotalSeconds} s in the future"), root);
        }

        return (null, null);
    }

    private DiversionChain Build(DiversionChainStatus status, VerificationFailure? failure, PassportNode? failedAt, PassportNode? root, List<PassportNode> hops)
    {
        DiversionHop? failedHop = null;
        var built = new List<DiversionHop>(hops.Count);
        foreach (var node in hops)
        {
            var hop = new DiversionHop(node.HeaderIndex, node.NestingLevel, node.Passport, node.Enclosing, node.Credential, ReferenceEquals(node, failedAt) ? failure : null);
            if (ReferenceEquals(node, failedAt))
            {
                failedHop = hop;
            }

            built.Add(hop);
        }

        return new DiversionChain(status, failure, failedHop, root?.HeaderIndex, root?.Passport, built);
    }

    // div-o: examine the PASSporT in opt like an Identity header whose info is its own x5u (RFC 8946 §5.1, §6).
    private void Prepare(PassportNode node)
    {
        if (!node.IsNestedDiversion || node.LocalFailure is not null)
        {
            return;
        }

        if (node.NestingLevel >= _options.MaxDiversions)
        {
            node.NestedFailure = new VerificationFailure(FailureReason.DiversionChainTooLong, $"div-o PASSporTs nested more than {_options.MaxDiversions} deep");
            return;
        }

        var opt = node.Passport.Claims.Opt!;
        var decoded = PassportToken.TryParse(opt);
        if (!decoded.IsSuccess)
        {
            node.NestedFailure = new VerificationFailure(FailureReason.MalformedPassport, $"the opt claim is not a full-form PASSporT (RFC 8946 §6): {decoded.Error.Message}");
            return;
        }

        var inner = decoded.Value.Header;
        if (inner.X5u is null || inner.Alg is null)
        {
            node.NestedFailure = new VerificationFailure(FailureReason.MissingClaim, "the PASSporT nested in opt has no \"x5u\" or \"alg\"");
            return;
        }

        string value;
        try
        {
            value = IdentityHeader.Format(opt, inner.X5u, inner.Alg, inner.Ppt);
        }
        catch (ArgumentException e)
        {
            node.NestedFailure = new VerificationFailure(FailureReason.MalformedPassport, $"the PASSporT nested in opt cannot be examined: {e.Message}");
            return;
        }

        var examined = _passports.Examine(node.HeaderIndex, value);
        if (examined.Passport is null)
        {
            node.NestedFailure = examined.Failure ?? new VerificationFailure(FailureReason.MalformedPassport, "the PASSporT nested in opt could not be decoded");
            return;
        }

        var rules = examined.Rules;
        if (rules is null && examined.Failure is not null && examined.Ppt is { } ppt)
        {
            PassportTypeRegistry.TryGet(ppt, out rules!);
        }

        var nested = new PassportNode(node.HeaderIndex, node.NestingLevel + 1, inner.X5u, examined.Passport, rules, node.Enclosing)
        {
            LocalFailure = examined.Failure ?? (examined.Header is { } header ? _passports.CheckInfo(header) : null),
        };
        Prepare(nested);
        node.Nested = nested;
    }

    private bool MatchesTarget(PassportClaims claims)
    {
        foreach (var tn in claims.DestTns)
        {
            var canonical = TelephoneNumber.Canonicalize(tn);
            if (canonical.Length > 0 && _targetTns.Contains(canonical, StringComparer.Ordinal))
            {
                return true;
            }
        }

        return _requestUri is not null && claims.DestUris.Contains(_requestUri, StringComparer.Ordinal);
    }

    /// <summary>Whether <paramref name="claims"/>' dest holds <paramref name="identity"/>: canonical TN (RFC 8224 §8.3) or exact URI.</summary>
    internal static bool DestContains(PassportClaims claims, PassportIdentity identity)
    {
        if (identity.Tn is { } tn)
        {
            var canonical = TelephoneNumber.Canonicalize(tn);
            return canonical.Length > 0 && claims.DestTns.Any(d => string.Equals(TelephoneNumber.Canonicalize(d), canonical, StringComparison.Ordinal));
        }

        return identity.Uri is { } uri && claims.DestUris.Contains(uri, StringComparer.Ordinal);
    }

    private static bool SameIdentity(PassportIdentity a, PassportIdentity b) =>
        a.Tn is not null && b.Tn is not null
            ? string.Equals(TelephoneNumber.Canonicalize(a.Tn), TelephoneNumber.Canonicalize(b.Tn), StringComparison.Ordinal)
            : a.Tn is null && b.Tn is null && string.Equals(a.Uri, b.Uri, StringComparison.Ordinal);

    private static IEnumerable<string> Destinations(PassportClaims claims) => claims.DestTns.Concat(claims.DestUris);

    private static string Nesting(PassportNode node) => node.NestingLevel == 0 ? string.Empty : string.Create(CultureInfo.InvariantCulture, $", nested {node.NestingLevel} deep in opt");
}

/// <summary>One PASSporT of the request as a chain node: from an Identity header (level 0) or nested in a <c>div-o</c>'s <c>opt</c>.</summary>
internal sealed class PassportNode(int headerIndex, int nestingLevel, string info, PassportToken passport, IPassportTypeRules? rules, PassportToken enclosing)
{
    public int HeaderIndex { get; } = headerIndex;

    public int NestingLevel { get; } = nestingLevel;

    /// <summary>Where the credential is: the Identity <c>info</c>, or the nested PASSporT's <c>x5u</c>.</summary>
    public string Info { get; } = info;

    public PassportToken Passport { get; } = passport;

    /// <summary>The rules of its <c>ppt</c>; null when the type is not supported (a chain ending here is ignored).</summary>
    public IPassportTypeRules? Rules { get; } = rules;

    /// <summary>The PASSporT of the Identity header that carries this one (itself at level 0).</summary>
    public PassportToken Enclosing { get; } = enclosing;

    public VerificationFailure? LocalFailure { get; init; }

    /// <summary>Why a div-o's nested PASSporT could not be read, or null.</summary>
    public VerificationFailure? NestedFailure { get; set; }

    public PassportNode? Nested { get; set; }

    public PassportVerification? Credential { get; set; }

    public bool IsDiversion => Rules is DivPassportRules;

    public bool IsNestedDiversion => Rules is DivPassportRules { IsNested: true };
}
