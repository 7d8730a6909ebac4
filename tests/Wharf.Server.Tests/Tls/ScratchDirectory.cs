namespace Wharf.Server.Tests.Tls;

/// <summary>A temporary directory removed when disposed (a leftover is not worth failing a test for).</summary>
internal sealed class ScratchDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("wharf-tls-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Removed on a best-effort basis.
        }
    }
}
