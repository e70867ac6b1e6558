using StirShaken.Identity.Testing;

namespace StirShaken.Identity.Interop.Tests.Infrastructure;

/// <summary>A <see cref="TestPki"/> written to a temporary folder (root.pem, sp.pem, sp-key.pem, chain.pem...), deleted on dispose.</summary>
internal sealed class InteropPki : IDisposable
{
    public InteropPki(string spc = "1234")
    {
        Directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "stir-interop-" + Guid.NewGuid().ToString("N"));
        Pki = TestPki.Create(spc);
        Pki.WriteTo(Directory);
    }

    public TestPki Pki { get; }

    public string Directory { get; }

    public string RootPem => Path("root.pem");

    public string LeafPem => Path("sp.pem");

    public string KeyPem => Path("sp-key.pem");

    public string ChainPem => Path("chain.pem");

    public string Path(string name) => System.IO.Path.Combine(Directory, name);

    /// <summary>Writes a file into the temporary folder and returns its path.</summary>
    public string Write(string name, string content)
    {
        var path = Path(name);
        File.WriteAllText(path, content);
        return path;
    }

    public void Dispose()
    {
        Pki.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
