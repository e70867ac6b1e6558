using StirShaken.Identity.Passport;

namespace StirShaken.Identity.Verification;

/// <summary>
/// How RFC 8946 diversion chains enter the set verdict (README "Retargeted calls (301/302, forwarding)"): a root
/// (e.g. SHAKEN) that failed only for its request binding verifies when one of its chains verifies to the current
/// target; a <c>div</c> header's own outcome says whether a chain through it held and, if not, why; a failing chain
/// never makes a root fail, and a diversion never verifies a call or lends its <c>iat</c> or credential to a
/// PASSporT it is not linked to.
/// </summary>
internal static class DiversionVerdict
{
    /// <summary>Whether <paramref name="ppt"/> is <c>div</c> or <c>div-o</c> (RFC 8946 §3, §5).</summary>
    public static bool IsDiversionPpt(string? ppt) => ppt is PassportTypes.Div or PassportTypes.DivO;

    public static async ValueTask<(IReadOnlyList<DiversionChain> Chains, List<IdentityHeaderOutcome> Outcomes, IdentityHeaderOutcome? Passed)> ApplyAsync(
        DiversionChainEvaluator evaluator, IReadOnlyList<(int Index, ExaminedPassport Examined)> examined, IReadOnlyList<string> values,
        List<IdentityHeaderOutcome> outcomes, IdentityHeaderOutcome? passed, CancellationToken cancellationToken)
    {
        var judged = await evaluator.EvaluateAsync(cancellationToken).ConfigureAwait(false);
        var byIndex = outcomes.ToDictionary(o => o.Index);

        // A root verifies through a chain that holds to the current target (RFC 8946 §4.2).
        foreach (var (chain, root, _) in judged)
        {
            if (chain.IsSuccess && root is not null && byIndex.TryGetValue(root.HeaderIndex, out var alone) && alone.Status != IdentityHeaderStatus.Verified)
            {
                byIndex[root.HeaderIndex] = new IdentityHeaderOutcome(alone.Index, alone.RawValue, alone.Ppt, IdentityHeaderStatus.Verified, null, alone.Passport, root.Credential);
            }
        }

        foreach (var (index, header) in examined)
        {
            if (!IsDiversionPpt(header.Ppt) || byIndex.ContainsKey(index))
            {
                continue;
            }

            var node = evaluator.Diversions.FirstOrDefault(n => n.HeaderIndex == index);
            var through = judged.Where(j => j.Path.Any(n => n.HeaderIndex == index && n.NestingLevel == 0)).Select(j => j.Chain).ToList();
            IdentityHeaderStatus status;
            VerificationFailure? failure = null;
            if (header.Failure is { } local)
            {
                (status, failure) = (IdentityHeaderStatus.Failed, local);
            }
            else if (through.Any(c => c.IsSuccess))
            {
                status = IdentityHeaderStatus.Verified;
            }
            else if (through.Count > 0 && through.All(c => c.Status == DiversionChainStatus.Ignored))
            {
                status = IdentityHeaderStatus.Skipped;
            }
            else
            {
                var failed = through.FirstOrDefault(c => c.FailedHop?.HeaderIndex == index) ?? through.FirstOrDefault(c => c.Failure is not null);
                status = IdentityHeaderStatus.Failed;
                failure = failed?.FailedHop?.HeaderIndex == index ? failed.FailedHop.Failure : failed?.Failure;
                failure ??= new VerificationFailure(FailureReason.DiversionNotLinked, $"the diversion in Identity header {index + 1} is not part of a chain to an original PASSporT");
            }

            byIndex[index] = new IdentityHeaderOutcome(index, values[index], header.Ppt, status, failure, header.Passport, node?.Credential);
        }

        var ordered = byIndex.Values.OrderBy(o => o.Index).ToList();
        passed = ordered.FirstOrDefault(o => o.Status == IdentityHeaderStatus.Verified && !IsDiversionPpt(o.Ppt)) ?? passed;
        return ([.. judged.Select(j => j.Chain)], ordered, passed);
    }
}
