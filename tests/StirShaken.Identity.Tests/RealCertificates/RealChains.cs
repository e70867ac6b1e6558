using System.Globalization;
using StirShaken.Identity.Certificates;

namespace StirShaken.Identity.Tests.RealCertificates;

/// <summary>
/// The real-certificate regression set (issue 8 §7): 31 public production SHAKEN chains, one per issuing STI-CA
/// intermediate, with their 22 roots (README.md beside this file names the public crawl each comes from).
/// </summary>
public static class RealChains
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "RealCertificates");

    public static TrustAnchorStore Roots { get; } = TrustAnchorStore.Load(Path.Combine(Folder, "roots"));

    /// <summary>Rows of chains.tsv: file, the SPC its TNAuthList carries, a time inside its validity, whether its CN carries "SHAKEN &lt;SPC&gt;".</summary>
    public static IReadOnlyList<Row> All { get; } = Load();

    public static IEnumerable<TestCaseData> Cases() => All.Select(r => new TestCaseData(r).SetName($"{{m}}({r.Name})"));

    private static List<Row> Load()
    {
        var rows = new List<Row>();
        foreach (var line in File.ReadLines(Path.Combine(Folder, "chains.tsv")).Skip(1))
        {
            var cells = line.Split('\t');
            if (cells.Length < 4)
            {
                continue;
            }

            rows.Add(new Row(
                Path.GetFileNameWithoutExtension(cells[0]),
                File.ReadAllBytes(Path.Combine(Folder, cells[0])),
                cells[1],
                DateTimeOffset.FromUnixTimeSeconds(long.Parse(cells[2], CultureInfo.InvariantCulture)),
                cells[3] == "yes"));
        }

        return rows;
    }

    public sealed record Row(string Name, byte[] Pem, string Spc, DateTimeOffset At, bool CnCarriesSpc)
    {
        public CertificateChain Chain() => CertificateChain.TryParse(Pem).Value!;

        public override string ToString() => Name;
    }
}
