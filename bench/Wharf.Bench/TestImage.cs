using System.Security.Cryptography;
using System.Text;

namespace Wharf.Bench;

/// <summary>A tiny OCI image: one random layer blob, a config blob and an image manifest, all in memory.</summary>
internal sealed record TestImage(byte[] Layer, string LayerDigest, byte[] Config, string ConfigDigest, byte[] Manifest, string ManifestDigest)
{
    public const string ManifestMediaType = "application/vnd.oci.image.manifest.v1+json";

    public static TestImage Create(Random random, int layerBytes)
    {
        var layer = new byte[layerBytes];
        random.NextBytes(layer);
        var layerDigest = DigestOf(layer);
        var config = Encoding.UTF8.GetBytes(
            "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{}," +
            $"\"rootfs\":{{\"type\":\"layers\",\"diff_ids\":[\"{layerDigest}\"]}}," +
            "\"history\":[{\"created_by\":\"wharf-bench\"}]}");
        var configDigest = DigestOf(config);
        var manifest = Encoding.UTF8.GetBytes(
            $"{{\"schemaVersion\":2,\"mediaType\":\"{ManifestMediaType}\"," +
            $"\"config\":{{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"{configDigest}\",\"size\":{config.Length}}}," +
            $"\"layers\":[{{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"{layerDigest}\",\"size\":{layer.Length}}}]}}");
        return new TestImage(layer, layerDigest, config, configDigest, manifest, DigestOf(manifest));
    }

    /// <summary>Creates <paramref name="count"/> images from one seed, so every registry gets the same data.</summary>
    public static TestImage[] CreateMany(int seed, int count, int layerBytes)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => Create(random, layerBytes))];
    }

    public static string DigestOf(byte[] bytes) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>Uploads the layer and config blobs, then PUTs the manifest under <paramref name="tag"/>.</summary>
    public async Task PushAsync(BenchTarget target, string repo, string tag, CancellationToken ct)
    {
        await target.UploadBytesAsync(repo, Layer, LayerDigest, ct);
        await target.UploadBytesAsync(repo, Config, ConfigDigest, ct);
        await target.PutManifestAsync(repo, tag, this, ct);
    }
}
