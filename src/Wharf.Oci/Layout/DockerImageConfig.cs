using System.Text.Json;

namespace Wharf.Oci.Layout;

/// <summary>What a docker archive needs of an image config: <c>rootfs.diff_ids</c>, the sha256 of each layer's
/// uncompressed tar, which <c>docker load</c> checks every layer file against.</summary>
internal static class DockerImageConfig
{
    /// <summary>A config is JSON well under this; more is not a config.</summary>
    public const int MaxBytes = 16 * 1024 * 1024;

    /// <summary>The diff IDs in layer order; <see cref="InvalidDataException"/> naming <paramref name="where"/> when
    /// the config is not JSON or has no <c>rootfs.diff_ids</c> array of digests.</summary>
    public static IReadOnlyList<Digest> ReadDiffIds(byte[] config, string where)
    {
        try
        {
            using var document = JsonDocument.Parse(config);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("rootfs", out var rootfs) && rootfs.ValueKind == JsonValueKind.Object
                && rootfs.TryGetProperty("diff_ids", out var ids) && ids.ValueKind == JsonValueKind.Array)
            {
                return [.. ids.EnumerateArray().Select((id, i) =>
                    Digest.TryParse(id.ValueKind == JsonValueKind.String ? id.GetString() : null, out var digest)
                        ? digest
                        : throw new InvalidDataException($"{where}: rootfs.diff_ids[{i}] is not a digest"))];
            }
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{where} is not valid JSON: {e.Message}", e);
        }

        throw new InvalidDataException($"{where} has no rootfs.diff_ids array, so it is not an image config");
    }
}
