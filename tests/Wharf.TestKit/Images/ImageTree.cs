using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using Wharf.Build.Images;
using Wharf.Oci;
using Wharf.Oci.Images;

namespace Wharf.TestKit.Images;

/// <summary>An image's file tree as a test compares it: its layers applied in order (whiteouts and opaque
/// directories honoured) into path → <see cref="ImageFile"/>, plus its config. Read with .NET's TarReader, not
/// with the builder's own unpacker, so the two check each other.</summary>
public sealed record ImageTree(IReadOnlyDictionary<string, ImageFile> Files, ImageConfig Config, IReadOnlyList<Descriptor> Layers)
{
    public static async Task<ImageTree> ReadAsync(IImageSource image)
    {
        var manifest = (await image.GetManifestAsync(CancellationToken.None)).Parse();
        ImageConfig config;
        await using (var configStream = await image.OpenBlobAsync(manifest.Config!, 0, CancellationToken.None))
        {
            config = (await JsonSerializer.DeserializeAsync<ImageConfig>(configStream))!;
        }

        var files = new SortedDictionary<string, ImageFile>(StringComparer.Ordinal);
        foreach (var layer in manifest.Layers)
        {
            await using var blob = await image.OpenBlobAsync(layer, 0, CancellationToken.None);
            Stream tar = layer.MediaType.EndsWith("gzip", StringComparison.Ordinal) ? new GZipStream(blob, CompressionMode.Decompress)
                : layer.MediaType.EndsWith("zstd", StringComparison.Ordinal) ? new ZstdSharp.DecompressionStream(blob)
                : blob;
            await using var reader = new TarReader(tar);
            while (await reader.GetNextEntryAsync() is { } entry)
            {
                var path = MemberPath(entry.Name);
                var name = Path.GetFileName(path);
                var parent = Path.GetDirectoryName(path) ?? "";
                if (name == ".wh..wh..opq")
                {
                    foreach (var below in files.Keys.Where(k => k.StartsWith(parent + "/", StringComparison.Ordinal)).ToList())
                    {
                        files.Remove(below);
                    }

                    continue;
                }

                if (name.StartsWith(".wh.", StringComparison.Ordinal))
                {
                    var deleted = parent.Length == 0 ? name[4..] : $"{parent}/{name[4..]}";
                    foreach (var below in files.Keys.Where(k => k == deleted || k.StartsWith(deleted + "/", StringComparison.Ordinal)).ToList())
                    {
                        files.Remove(below);
                    }

                    continue;
                }

                string? hash = null;
                if (entry.DataStream is { } data)
                {
                    hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(data));
                }

                if (entry.EntryType is not TarEntryType.Directory)
                {
                    foreach (var below in files.Keys.Where(k => k.StartsWith(path + "/", StringComparison.Ordinal)).ToList())
                    {
                        files.Remove(below);
                    }
                }

                // A hard link is compared as the file it names: which of two names is the link depends on the order
                // a tool writes them in, not on what the image holds.
                if (entry.EntryType is TarEntryType.HardLink && files.TryGetValue(MemberPath(entry.LinkName), out var linked))
                {
                    files[path] = linked;
                    continue;
                }

                files[path] = new ImageFile(entry.EntryType, (int)entry.Mode, entry.Uid, entry.Gid, entry.Length, hash,
                    entry.EntryType is TarEntryType.SymbolicLink ? entry.LinkName : null, entry.ModificationTime);
            }
        }

        return new ImageTree(files, config, manifest.Layers);
    }

    /// <summary>A member's path without a leading <c>./</c> or <c>/</c> and a trailing <c>/</c>. Only those: a leading
    /// dot belongs to the name (<c>.wh.again</c> at the root is a whiteout, not a file called <c>wh.again</c>).</summary>
    private static string MemberPath(string name)
    {
        var path = name.StartsWith("./", StringComparison.Ordinal) ? name[2..] : name;
        path = path.TrimStart('/').TrimEnd('/');
        return path == "." ? "" : path;
    }
}
