using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using StirShaken.Identity.Certificates;
using StirShaken.Identity.DependencyInjection;

namespace StirShaken.Identity.Tests.Docs;

/// <summary>
/// README "Configuration reference" lists every setting a configuration binder can reach, with its true default
/// (issue 13: "every option, its default, its configuration key"), so the table cannot fall behind the options classes.
/// </summary>
public partial class ConfigurationReferenceTests
{
    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex Backticked();

    private static readonly Lazy<List<(List<string> Keys, List<string> Defaults)>> Rows = new(ReadRows);

    public static IEnumerable<TestCaseData> Settings()
    {
        foreach (var (key, property, value) in Walk(new StirShakenVerificationOptions(), string.Empty))
        {
            yield return new TestCaseData(key, property.PropertyType, value).SetName($"Configuration_reference_lists_{key.Replace(':', '_')}");
        }

        foreach (var property in typeof(StirShakenSigningOptions).GetProperties().Where(p => p.SetMethod?.IsPublic == true))
        {
            yield return new TestCaseData(property.Name, property.PropertyType, null).SetName($"Configuration_reference_lists_signing_{property.Name}");
        }
    }

    [TestCaseSource(nameof(Settings))]
    public void Lists_the_key_and_its_default(string key, Type type, object? value)
    {
        var row = Rows.Value.FindIndex(r => r.Keys.Contains(key));
        Assert.That(row, Is.Not.Negative, $"README \"Configuration reference\" has no row for `{key}`");
        var (keys, defaults) = Rows.Value[row];
        if (keys.Count != defaults.Count || value is null)
        {
            return; // several keys with one description (or a required setting): only the key is checked
        }

        var documented = defaults[keys.IndexOf(key)];
        if (documented.Contains("required", StringComparison.Ordinal))
        {
            return;
        }

        var expected = Format(type, value);
        if (expected is not null)
        {
            Assert.That(Normalize(type, documented), Is.EqualTo(expected), $"README default of `{key}`");
        }
    }

    // Options classes the binder descends into; everything else is a leaf setting.
    private static bool IsSection(Type type) => type.IsClass && type != typeof(string) && (type.Name.EndsWith("Options", StringComparison.Ordinal) || type == typeof(X5uUrlPolicy));

    private static IEnumerable<(string Key, PropertyInfo Property, object? Value)> Walk(object options, string prefix)
    {
        foreach (var property in options.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod?.IsPublic == true))
        {
            var value = property.GetValue(options);
            if (IsSection(property.PropertyType) && value is not null)
            {
                foreach (var inner in Walk(value, prefix + property.Name + ":"))
                {
                    yield return inner;
                }
            }
            else
            {
                yield return (prefix + property.Name, property, value);
            }
        }
    }

    private static string? Format(Type type, object value) => value switch
    {
        bool b => b ? "true" : "false",
        int i => i.ToString(CultureInfo.InvariantCulture),
        TimeSpan t => t.ToString("c", CultureInfo.InvariantCulture),
        Enum e => e.ToString(),
        string s => s,
        IEnumerable list when !list.Cast<object>().Any() => "[]",
        _ => null, // lists with values, sets, functions: the description says it
    };

    private static string Normalize(Type type, string documented)
    {
        var text = documented.Trim().Trim('`');
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        return underlying == typeof(TimeSpan) && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var time)
            ? time.ToString("c", CultureInfo.InvariantCulture)
            : text;
    }

    private static List<(List<string> Keys, List<string> Defaults)> ReadRows()
    {
        var readme = File.ReadAllText(Path.Combine(ReadmeSnippetTests.RepositoryRoot(), "README.md")).Replace("\r\n", "\n", StringComparison.Ordinal);
        var start = readme.IndexOf("### Configuration reference", StringComparison.Ordinal);
        Assert.That(start, Is.Not.Negative, "README has a \"Configuration reference\" section");
        var end = readme.IndexOf("\n## ", start, StringComparison.Ordinal);
        var rows = new List<(List<string>, List<string>)>();
        foreach (var line in readme[start..end].Split('\n').Where(l => l.StartsWith("| ", StringComparison.Ordinal)))
        {
            var cells = line.Split('|');
            if (cells.Length < 4)
            {
                continue;
            }

            // "`Fetcher:ConnectTimeout` / `Fetcher:Timeout`", "`Revocation:MaxCrlBytes` / `MaxCrlLifetime`": later names take the first's section.
            var keys = new List<string>();
            string section = string.Empty;
            foreach (Match match in Backticked().Matches(cells[1]))
            {
                var name = match.Groups[1].Value;
                if (keys.Count == 0)
                {
                    section = name.Contains(':', StringComparison.Ordinal) ? name[..(name.LastIndexOf(':') + 1)] : string.Empty;
                }

                keys.Add(name.Contains(':', StringComparison.Ordinal) ? name : section + name);
            }

            rows.Add((keys, cells[2].Split(" / ").Select(d => d.Trim()).ToList()));
        }

        return rows;
    }
}
