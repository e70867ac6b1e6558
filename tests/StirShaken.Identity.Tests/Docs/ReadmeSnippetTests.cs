using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace StirShaken.Identity.Tests.Docs;

/// <summary>
/// Every <c>```csharp</c> block of README.md compiles against the library as built (so the docs cannot rot). A block is
/// compiled as the body of an async method whose parameters are the names the README leaves to the reader's program:
/// <c>rawInvite</c>, <c>cancellationToken</c>, <c>Send</c>, <c>builder</c> (a host builder) and <c>configuration</c>.
/// Leading <c>using</c> lines become the file's usings, after the implicit usings of a new console project; a block that
/// starts with <c>// file:</c> is compiled as a whole file.
/// </summary>
public partial class ReadmeSnippetTests
{
    private const string Context =
        "string rawInvite, System.Threading.CancellationToken cancellationToken, System.Action<string> Send, " +
        "Microsoft.Extensions.Hosting.HostApplicationBuilder builder, Microsoft.Extensions.Configuration.IConfiguration configuration";

    [GeneratedRegex(@"^```csharp[^\n]*\n(.*?)^```", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex CSharpBlock();

    public static IEnumerable<TestCaseData> Snippets()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md")).Replace("\r\n", "\n", StringComparison.Ordinal);
        var n = 0;
        foreach (Match match in CSharpBlock().Matches(readme))
        {
            n++;
            var line = readme[..match.Index].Count(c => c == '\n') + 1;
            yield return new TestCaseData(match.Groups[1].Value, line).SetName($"README_csharp_block_{n}_at_line_{line}_compiles");
        }
    }

    [Test]
    public void The_readme_has_csharp_blocks() => Assert.That(Snippets().Count(), Is.GreaterThanOrEqualTo(3));

    [TestCaseSource(nameof(Snippets))]
    public void Compiles(string code, int line)
    {
        var source = code.TrimStart().StartsWith("// file:", StringComparison.Ordinal) ? code : Wrap(code);
        var compilation = CSharpCompilation.Create(
            "ReadmeSnippet" + line,
            [CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest))],
            References(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToList();
        Assert.That(errors, Is.Empty, $"README.md line {line}:\n{source}");
    }

    private static string Wrap(string code)
    {
        var lines = code.Split('\n');
        var usings = lines.TakeWhile(l => (l.StartsWith("using ", StringComparison.Ordinal) && !l.StartsWith("using var ", StringComparison.Ordinal)) || l.Trim().Length == 0).ToList();
        var body = lines.Skip(usings.Count);
        // The implicit usings of a new console project (ImplicitUsings=enable), as a reader's project has them.
        return "using System;\nusing System.Collections.Generic;\nusing System.IO;\nusing System.Linq;\nusing System.Net.Http;\nusing System.Threading;\nusing System.Threading.Tasks;\n" + string.Join('\n', usings) +
            "\n#pragma warning disable CS1998, CS8321, CS0168, CS0219\npublic static class Snippet\n{\n    public static async Task Run(" + Context + ")\n    {\n" +
            string.Join('\n', body) + "\n    }\n}\n";
    }

    private static List<MetadataReference> References()
    {
        // Everything loaded in the test host (runtime, ASP.NET Core, the library, the testing package) is referenceable.
        _ = typeof(Microsoft.Extensions.Hosting.HostApplicationBuilder);
        _ = typeof(StirShaken.Identity.Testing.TestPki);
        _ = typeof(Microsoft.Extensions.Configuration.ConfigurationBuilder);
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Concat(Directory.GetFiles(AppContext.BaseDirectory, "*.dll"))
            .GroupBy(Path.GetFileName, StringComparer.OrdinalIgnoreCase)
            .Select(g => g.First());
        var references = new List<MetadataReference>();
        foreach (var path in paths)
        {
            try
            {
                using var stream = File.OpenRead(path);
                using var pe = new System.Reflection.PortableExecutable.PEReader(stream);
                if (pe.HasMetadata)
                {
                    references.Add(MetadataReference.CreateFromFile(path));
                }
            }
            catch (BadImageFormatException)
            {
                // native library
            }
        }

        return references;
    }

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Identity.sln")) && File.Exists(Path.Combine(dir.FullName, "README.md")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("README.md: repository root not found above " + AppContext.BaseDirectory);
    }
}
