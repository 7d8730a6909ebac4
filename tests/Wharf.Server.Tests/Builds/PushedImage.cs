using System.Formats.Tar;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Wharf.Oci;
using Wharf.Registry.Blobs;
using Wharf.Registry.Manifests;

namespace Wharf.Server.Tests.Builds;

/// <summary>What a build pushed, read back through the registry's own services: the manifest a tag names (its digest
/// or its JSON), the files of its last layer, and every byte of it.</summary>
public static class PushedImage
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<Digest?> TagAsync(IServiceProvider services, string repository, string tag) =>
        (await services.GetRequiredService<ManifestService>().FindAsync(RepositoryName.Parse(repository), Reference.ForTag(tag), Ct))?.Digest;

    /// <summary>The manifest a tag names, as JSON.</summary>
    public static async Task<System.Text.Json.Nodes.JsonNode> ManifestAsync(IServiceProvider services, string repository, string tag)
    {
        var manifest = await services.GetRequiredService<ManifestService>().FindAsync(RepositoryName.Parse(repository), Reference.ForTag(tag), Ct);
        return System.Text.Json.Nodes.JsonNode.Parse(manifest!.Content)!;
    }

    /// <summary>Path → content of the regular files in the image's layer.</summary>
    public static async Task<Dictionary<string, string>> FilesAsync(IServiceProvider services, string repository, string tag)
    {
        var name = RepositoryName.Parse(repository);
        var manifest = await services.GetRequiredService<ManifestService>().FindAsync(name, Reference.ForTag(tag), Ct);
        var layer = Wharf.Oci.Manifests.ManifestParser.Parse(manifest!.Content, manifest.MediaType).RequiredBlobs.Last();
        var blobs = services.GetRequiredService<BlobService>();
        var linked = await blobs.FindAsync(name, layer.Digest, Ct);
        await using var stream = await blobs.OpenAsync(linked!, 0, Ct);
        var files = new Dictionary<string, string>();
        await using var tar = layer.MediaType.EndsWith("gzip", StringComparison.Ordinal)
            ? new System.IO.Compression.GZipStream(stream, System.IO.Compression.CompressionMode.Decompress) : stream;
        await using var reader = new TarReader(tar);
        while (await reader.GetNextEntryAsync(copyData: true, Ct) is { } entry)
        {
            if (entry.EntryType is TarEntryType.RegularFile && entry.DataStream is { } data)
            {
                files[entry.Name] = await new StreamReader(data, Encoding.UTF8).ReadToEndAsync(Ct);
            }
        }

        return files;
    }

    /// <summary>The regular files of every layer (a later layer's over an earlier one's), and every byte the image is made
    /// of — manifest, config, each layer uncompressed — as Latin-1 text to search.</summary>
    public static async Task<(Dictionary<string, string> Files, string Everything)> ReadWholeAsync(IServiceProvider services, string repository, string tag)
    {
        var name = RepositoryName.Parse(repository);
        var manifest = await services.GetRequiredService<ManifestService>().FindAsync(name, Reference.ForTag(tag), Ct);
        var everything = new StringBuilder(Encoding.Latin1.GetString(manifest!.Content));
        var files = new Dictionary<string, string>();
        var blobs = services.GetRequiredService<BlobService>();
        foreach (var blob in Wharf.Oci.Manifests.ManifestParser.Parse(manifest.Content, manifest.MediaType).RequiredBlobs)
        {
            await using var stream = await blobs.OpenAsync((await blobs.FindAsync(name, blob.Digest, Ct))!, 0, Ct);
            await using var content = blob.MediaType.EndsWith("gzip", StringComparison.Ordinal)
                ? new System.IO.Compression.GZipStream(stream, System.IO.Compression.CompressionMode.Decompress) : stream;
            using var bytes = new MemoryStream();
            await content.CopyToAsync(bytes, Ct);
            everything.Append(Encoding.Latin1.GetString(bytes.ToArray()));
            if (!blob.MediaType.Contains("tar", StringComparison.Ordinal))
            {
                continue;
            }

            bytes.Position = 0;
            await using var reader = new TarReader(bytes);
            while (await reader.GetNextEntryAsync(copyData: true, Ct) is { } entry)
            {
                if (entry.EntryType is TarEntryType.RegularFile && entry.DataStream is { } data)
                {
                    files[entry.Name] = await new StreamReader(data, Encoding.UTF8).ReadToEndAsync(Ct);
                }
            }
        }

        return (files, everything.ToString());
    }
}
