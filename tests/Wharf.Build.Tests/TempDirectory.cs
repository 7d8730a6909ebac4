namespace Wharf.Build.Tests;

/// <summary>A directory under /tmp for one test, deleted with everything in it on dispose (after any mount in it is
/// gone: the test that mounts unmounts first).</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory(string prefix = "wharf-build-")
    {
        Path = Directory.CreateTempSubdirectory(prefix).FullName;
    }

    public string Path { get; }

    public string this[string relative] => System.IO.Path.Combine(Path, relative);

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
