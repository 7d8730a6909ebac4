using System.Text;
using System.Text.Json;

namespace Wharf.Server.Tests.EndToEnd;

/// <summary>A made-up OCI image for HTTP-level pushes: random layer bytes, a config naming their digests, and an
/// image manifest. Layers are not real tars; a registry stores content and never looks inside a layer.</summary>
public sealed record TestImage(byte[] Config, IReadOnlyList<byte[]> Layers, byte[] Manifest)
{
    public string ManifestDigest => OciPushClient.DigestOf(Manifest);

    public string ConfigDigest => OciPushClient.DigestOf(Config);

    /// <summary>Config first, then the layers.</summary>
    public IEnumerable<byte[]> Blobs => Layers.Prepend(Config);

    public static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    public static TestImage Create(Random random, string label, params int[] layerSizes) =>
        Create([.. layerSizes.Select(size => RandomBytes(random, size))], label);

    public static TestImage Create(IReadOnlyList<byte[]> layers, string label)
    {
        var config = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["architecture"] = "amd64",
            ["os"] = "linux",
            ["config"] = new Dictionary<string, object> { ["Labels"] = new Dictionary<string, string> { ["test"] = label } },
            ["rootfs"] = new Dictionary<string, object> { ["type"] = "layers", ["diff_ids"] = layers.Select(l => OciPushClient.DigestOf(l)).ToArray() },
        });
        var manifest = new StringBuilder();
        manifest.Append($$"""{"schemaVersion":2,"mediaType":"{{OciPushClient.OciManifest}}",""");
        manifest.Append($$"""
            "config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{{OciPushClient.DigestOf(config)}}","size":{{config.Length}}},
            """);
        manifest.Append("\"layers\":[");
        manifest.AppendJoin(',', layers.Select(l =>
            $$"""{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"{{OciPushClient.DigestOf(l)}}","size":{{l.Length}}}"""));
        manifest.Append("]}");
        return new TestImage(config, layers, Encoding.UTF8.GetBytes(manifest.ToString()));
    }
}
