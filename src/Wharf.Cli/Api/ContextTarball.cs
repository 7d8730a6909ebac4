using System.Formats.Tar;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using Wharf.Build.Context;

namespace Wharf.Cli.Api;

/// <summary>A build context directory sent as a tar.gz request body, written straight into the request as it is sent
/// (nothing the size of the context is held or staged): the files <c>.dockerignore</c> (or
/// <c>&lt;Dockerfile&gt;.dockerignore</c>) leaves in, in byte order of their paths, the Dockerfile and the ignore file
/// always (as docker sends them), and a Dockerfile outside the context under <see cref="OutsideDockerfileName"/>.
/// Pipes and devices go as tar says they are, and the server leaves them out.</summary>
internal sealed class ContextTarball : HttpContent
{
    /// <summary>Where a Dockerfile from outside the context goes in the archive.</summary>
    public const string OutsideDockerfileName = ".wharf-dockerfile";

    private readonly string _root;
    private readonly string _dockerfile;
    private readonly DockerignoreMatcher _ignore;
    private readonly string? _outsideDockerfile;

    private ContextTarball(string root, string dockerfile, DockerignoreMatcher ignore, string? outsideDockerfile)
    {
        _root = root;
        _dockerfile = dockerfile;
        _ignore = ignore;
        _outsideDockerfile = outsideDockerfile;
        Headers.ContentType = new MediaTypeHeaderValue("application/gzip");
    }

    /// <summary>The Dockerfile's path as the server is to find it in the archive.</summary>
    public string DockerfileInArchive => _outsideDockerfile is null ? _dockerfile : OutsideDockerfileName;

    /// <summary>The context of <paramref name="contextDirectory"/> with <paramref name="dockerfile"/> (relative to the
    /// context, or any path) and the ignore file that applies to it.</summary>
    public static async Task<ContextTarball> CreateAsync(string contextDirectory, string dockerfile, CancellationToken ct)
    {
        var root = Path.GetFullPath(contextDirectory);
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"the build context {contextDirectory} is not a directory");
        }

        var path = Path.GetFullPath(dockerfile, root);
        var ignore = await DockerignoreFile.LoadAsync(root, path, ct);
        var relative = Path.GetRelativePath(root, path).Replace('\\', '/');
        var inside = !relative.StartsWith("../", StringComparison.Ordinal) && relative != ".." && !Path.IsPathRooted(relative);
        return new ContextTarball(root, inside ? relative : path, ignore, inside ? null : path);
    }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        await using var gzip = new GZipStream(stream, CompressionLevel.Fastest, leaveOpen: true);
        await using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
        {
            await WriteDirectoryAsync(tar, _root, "", cancellationToken);
            if (_outsideDockerfile is not null)
            {
                await tar.WriteEntryAsync(_outsideDockerfile, OutsideDockerfileName, cancellationToken);
            }
        }
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }

    private async Task WriteDirectoryAsync(TarWriter tar, string directory, string prefix, CancellationToken ct)
    {
        var entries = new DirectoryInfo(directory).EnumerateFileSystemInfos().OrderBy(e => e.Name, StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var name = prefix + entry.Name;
            var excluded = _ignore.IsExcluded(name) && name != _dockerfile && name != ".dockerignore" && name != _dockerfile + ".dockerignore";
            var isDirectory = entry is DirectoryInfo && entry.LinkTarget is null;
            // An excluded directory is still walked when a later "!" rule may take something inside it back in.
            if (excluded && !(isDirectory && _ignore.Patterns.Any(p => p.IsException)))
            {
                continue;
            }

            if (!excluded)
            {
                await tar.WriteEntryAsync(entry.FullName, isDirectory ? name + "/" : name, ct);
            }

            if (isDirectory)
            {
                await WriteDirectoryAsync(tar, entry.FullName, name + "/", ct);
            }
        }
    }
}
