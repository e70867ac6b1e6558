using System.Reflection;
using NetArchTest.Rules;
using StirShaken.Identity.Verification;

namespace StirShaken.Identity.Tests.Architecture;

/// <summary>
/// The layers of docs/ARCHITECTURE.md, checked on the compiled library (method bodies included):
/// no namespace may reference one it is not allowed to. Add a new folder here, in its layer.
/// </summary>
public sealed class LayeringTests
{
    private const string Root = "StirShaken.Identity";

    // Namespace → the namespaces of ours it may reference (besides itself). Lower layers first.
    private static readonly Dictionary<string, string[]> Allowed = new(StringComparer.Ordinal)
    {
        // Layer 0: parse results and telemetry names, used by everything.
        [Root] = [],
        [$"{Root}.Diagnostics"] = [],
        // Layer 1: SIP syntax.
        [$"{Root}.Sip"] = [Root, $"{Root}.Diagnostics"],
        // Layer 2: Identity header, PASSporT, certificates.
        [$"{Root}.Parsing"] = [Root, $"{Root}.Diagnostics", $"{Root}.Sip"],
        [$"{Root}.Passport"] = [Root, $"{Root}.Diagnostics", $"{Root}.Passport.Json"],
        [$"{Root}.Passport.Json"] = [Root],
        [$"{Root}.Certificates"] = [Root, $"{Root}.Diagnostics"],
        [$"{Root}.Certificates.Fetching"] = [Root, $"{Root}.Diagnostics", $"{Root}.Certificates"],
        [$"{Root}.Certificates.Caching"] = [Root, $"{Root}.Diagnostics", $"{Root}.Certificates", $"{Root}.Certificates.Fetching"],
        [$"{Root}.Certificates.Revocation"] = [Root, $"{Root}.Diagnostics", $"{Root}.Certificates", $"{Root}.Certificates.Fetching", $"{Root}.Certificates.Caching"],
        // Layer 3: the services.
        [$"{Root}.Verification"] = [Root, $"{Root}.Diagnostics", $"{Root}.Sip", $"{Root}.Parsing", $"{Root}.Passport", $"{Root}.Passport.Json",
            $"{Root}.Certificates", $"{Root}.Certificates.Fetching", $"{Root}.Certificates.Caching", $"{Root}.Certificates.Revocation"],
        [$"{Root}.Signing"] = [Root, $"{Root}.Diagnostics", $"{Root}.Sip", $"{Root}.Parsing", $"{Root}.Passport", $"{Root}.Passport.Json"],
        // Layer 4: the hosting adapter (the test PKI is its own package, StirShaken.Identity.Testing).
        [$"{Root}.DependencyInjection"] = [Root, $"{Root}.Diagnostics", $"{Root}.Sip", $"{Root}.Parsing", $"{Root}.Passport", $"{Root}.Passport.Json",
            $"{Root}.Certificates", $"{Root}.Certificates.Fetching", $"{Root}.Certificates.Caching", $"{Root}.Certificates.Revocation",
            $"{Root}.Verification", $"{Root}.Signing"],
    };

    private static Assembly Library => typeof(StirShakenVerifier).Assembly;

    public static IEnumerable<string> Namespaces => Allowed.Keys;

    [Test]
    public void Every_namespace_of_the_library_has_a_layer()
    {
        var namespaces = Library.GetTypes()
            .Select(t => t.Namespace)
            .Where(n => n is not null && (n == Root || n.StartsWith(Root + ".", StringComparison.Ordinal)))
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.That(namespaces.Where(n => !Allowed.ContainsKey(n!)), Is.Empty, "a namespace without a layer: add it to LayeringTests.Allowed and docs/ARCHITECTURE.md");
    }

    [TestCaseSource(nameof(Namespaces))]
    public void A_namespace_references_only_the_layers_below_it(string ns)
    {
        var forbidden = Allowed.Keys.Where(other => other != ns && !Allowed[ns].Contains(other)).ToArray();
        Assert.That(Offenders(ns, forbidden), Is.Empty, $"{ns} may reference only: {(Allowed[ns].Length == 0 ? "nothing of ours" : string.Join(", ", Allowed[ns]))}");
    }

    [Test]
    public void The_check_sees_references_inside_method_bodies()
    {
        // Proves the rule engine is live: the verifier does use the certificate layer and the SIP layer.
        Assert.That(Offenders($"{Root}.Verification", [$"{Root}.Certificates", $"{Root}.Sip"]), Is.Not.Empty);
    }

    private static List<string> Offenders(string ns, string[] forbidden)
    {
        // The rule engine matches dependency names by prefix, so a namespace would also match its
        // children (and the root every namespace): forbid the exact types of each forbidden namespace.
        var forbiddenTypes = Library.GetTypes()
            .Where(t => !t.IsNested && t.Namespace is not null && forbidden.Contains(t.Namespace))
            .Select(t => t.FullName!)
            .ToArray();
        var result = Types.InAssembly(Library)
            .That().ResideInNamespaceMatching("^" + System.Text.RegularExpressions.Regex.Escape(ns) + "$")
            .ShouldNot().HaveDependencyOnAny(forbiddenTypes)
            .GetResult();
        return result.IsSuccessful ? [] : [.. result.FailingTypes.Select(t => t.FullName)];
    }
}
