using System.Security.Cryptography;

namespace StirShaken.Identity.Tests;

/// <summary>Loads test vectors copied into the test output (Vectors/...).</summary>
internal static class Vectors
{
    public static string Path(params string[] parts) => System.IO.Path.Combine([TestContext.CurrentContext.TestDirectory, "Vectors", .. parts]);

    public static string Text(params string[] parts) => File.ReadAllText(Path(parts)).Trim();

    public static ECDsa Key(params string[] parts)
    {
        var key = ECDsa.Create();
        key.ImportFromPem(File.ReadAllText(Path(parts)));
        return key;
    }
}
