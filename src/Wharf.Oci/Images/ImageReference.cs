namespace Wharf.Oci.Images;

/// <summary>Where an image is, in skopeo's syntax: <c>docker://HOST/REPO:TAG</c> or <c>@DIGEST</c>, <c>oci:DIR[:TAG]</c>,
/// <c>oci-archive:FILE[:TAG]</c>, <c>docker-archive:FILE[:REPO:TAG]</c>. Text with no transport prefix is a registry
/// reference (<c>localhost:5000/team/app:1</c>), normalised as docker does (<c>busybox</c> is
/// <c>docker.io/library/busybox:latest</c>).</summary>
public sealed record ImageReference
{
    public const string DockerHub = "docker.io";

    private ImageReference(ImageTransport transport) => Transport = transport;

    public ImageTransport Transport { get; }

    /// <summary>Registry: <c>host[:port]</c>.</summary>
    public string? Host { get; private init; }

    /// <summary>Registry: the repository.</summary>
    public RepositoryName? Repository { get; private init; }

    /// <summary>Registry: the tag or digest (<c>latest</c> when the text named neither).</summary>
    public Reference? Reference { get; private init; }

    /// <summary>Layouts and archives: the directory or file.</summary>
    public string? Path { get; private init; }

    /// <summary>Layouts and OCI archives: the image's <c>org.opencontainers.image.ref.name</c>; docker archives: the
    /// <c>REPO:TAG</c> written to (or looked up in) <c>manifest.json</c>'s RepoTags. Null when the text had none.</summary>
    public string? Tag { get; private init; }

    /// <summary>Parses a reference; <see cref="FormatException"/> with a message naming what is wrong.</summary>
    public static ImageReference Parse(string text)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var prefix = colon < 0 ? "" : text[..colon];
        var rest = colon < 0 ? text : text[(colon + 1)..];
        return prefix switch
        {
            "docker" when rest.StartsWith("//", StringComparison.Ordinal) => ParseRegistry(rest[2..]),
            "docker" => throw new FormatException($"'{text}': a registry reference is docker://HOST/REPO[:TAG]"),
            "oci" => FileBased(ImageTransport.OciLayout, rest, text),
            "oci-archive" => FileBased(ImageTransport.OciArchive, rest, text),
            "docker-archive" => FileBased(ImageTransport.DockerArchive, rest, text),
            _ => ParseRegistry(text),
        };
    }

    /// <summary>A registry reference from its parts (<c>wharf tags HOST/REPO</c>, a retag).</summary>
    public static ImageReference ForRegistry(string host, RepositoryName repository, Reference reference) =>
        new(ImageTransport.Registry) { Host = host, Repository = repository, Reference = reference };

    /// <summary>Parses <c>[HOST/]REPO[:TAG][@DIGEST]</c> the way docker does.</summary>
    public static ImageReference ParseRegistry(string text)
    {
        if (text.Length == 0)
        {
            throw new FormatException("an image reference is empty");
        }

        var name = text;
        Reference? reference = null;
        var at = name.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            reference = Digest.TryParse(name[(at + 1)..], out var digest)
                ? Oci.Reference.ForDigest(digest)
                : throw new FormatException($"'{text}': '{name[(at + 1)..]}' is not a digest (sha256:<64 hex>)");
            name = name[..at]; // name:tag@digest pins the digest; the tag is only a label, as in docker
        }

        var slash = name.IndexOf('/', StringComparison.Ordinal);
        var first = slash < 0 ? "" : name[..slash];
        var host = first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal) || first == "localhost" ? first : DockerHub;
        var path = host == first ? name[(slash + 1)..] : name;

        var tagColon = path.LastIndexOf(':');
        if (tagColon >= 0)
        {
            var tag = path[(tagColon + 1)..];
            if (reference is null)
            {
                reference = Oci.Tag.IsValid(tag) ? Oci.Reference.ForTag(tag) : throw new FormatException($"'{text}': '{tag}' is not a valid tag");
            }

            path = path[..tagColon];
        }

        if (host == DockerHub && !path.Contains('/', StringComparison.Ordinal))
        {
            path = "library/" + path;
        }

        return RepositoryName.TryParse(path, out var repository)
            ? ForRegistry(host, repository, reference ?? Oci.Reference.ForTag("latest"))
            : throw new FormatException($"'{text}': '{path}' is not a valid repository name (lowercase a-z, 0-9, separators . _ - /)");
    }

    private static ImageReference FileBased(ImageTransport transport, string rest, string text)
    {
        // skopeo's rule: the path ends at the first colon; what follows is the tag (or REPO:TAG for docker-archive).
        var colon = rest.IndexOf(':', StringComparison.Ordinal);
        var path = colon < 0 ? rest : rest[..colon];
        var tag = colon < 0 ? null : rest[(colon + 1)..];
        if (path.Length == 0)
        {
            throw new FormatException($"'{text}': the path is empty");
        }

        if (tag is { Length: 0 })
        {
            throw new FormatException($"'{text}': nothing after the colon; leave it out or name a tag");
        }

        return new ImageReference(transport) { Path = path, Tag = tag };
    }

    public override string ToString() => Transport switch
    {
        ImageTransport.Registry => $"docker://{Host}/{Repository}{(Reference!.Value.IsDigest ? "@" : ":")}{Reference}",
        ImageTransport.OciLayout => Join("oci"),
        ImageTransport.OciArchive => Join("oci-archive"),
        _ => Join("docker-archive"),
    };

    private string Join(string prefix) => Tag is null ? $"{prefix}:{Path}" : $"{prefix}:{Path}:{Tag}";
}
