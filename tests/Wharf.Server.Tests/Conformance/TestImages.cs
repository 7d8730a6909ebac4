using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Wharf.Server.Tests.Conformance;

/// <summary>Small generated blobs and manifests for the conformance suite. Digests are computed here with the
/// BCL, independently of Wharf's own <c>Digest</c>, so the suite checks the server rather than itself.</summary>
internal static class TestImages
{
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";
    public const string OciConfig = "application/vnd.oci.image.config.v1+json";
    public const string OciLayerGzip = "application/vnd.oci.image.layer.v1.tar+gzip";
    public const string OciEmpty = "application/vnd.oci.empty.v1+json";
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";
    public const string DockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json";
    public const string DockerConfig = "application/vnd.docker.container.image.v1+json";
    public const string DockerLayerGzip = "application/vnd.docker.image.rootfs.diff.tar.gzip";

    /// <summary>image-spec "Guidance for an Empty Descriptor": the two bytes <c>{}</c>.</summary>
    public const string EmptyJsonDigest = "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a";

    public static TestBlob EmptyJson { get; } = new("{}"u8.ToArray(), OciEmpty);

    public static string Sha256(byte[] bytes) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));

    public static string Sha512(byte[] bytes) => "sha512:" + Convert.ToHexStringLower(SHA512.HashData(bytes));

    /// <summary>A random layer-like blob; random so that tests never share content by accident.</summary>
    public static TestBlob Layer(int size = 97, string mediaType = OciLayerGzip) => new(RandomNumberGenerator.GetBytes(size), mediaType);

    /// <summary>A unique image config.</summary>
    public static TestBlob Config(string mediaType = OciConfig)
    {
        var json = new JsonObject
        {
            ["architecture"] = "amd64",
            ["os"] = "linux",
            ["rootfs"] = new JsonObject { ["type"] = "layers", ["diff_ids"] = new JsonArray() },
            ["config"] = new JsonObject { ["Labels"] = new JsonObject { ["test.id"] = Guid.NewGuid().ToString("N") } },
        };
        return new TestBlob(Encoding.UTF8.GetBytes(json.ToJsonString()), mediaType);
    }

    public static JsonObject Descriptor(string mediaType, string digest, long size) =>
        new() { ["mediaType"] = mediaType, ["digest"] = digest, ["size"] = size };

    /// <summary>An image manifest (OCI or Docker schema 2) over <paramref name="config"/> and <paramref name="layers"/>.</summary>
    public static TestManifest Image(
        TestBlob config,
        IEnumerable<TestBlob> layers,
        string mediaType = OciManifest,
        string? artifactType = null,
        TestManifest? subject = null,
        IReadOnlyDictionary<string, string>? annotations = null)
    {
        var json = new JsonObject { ["schemaVersion"] = 2, ["mediaType"] = mediaType };
        if (artifactType is not null)
        {
            json["artifactType"] = artifactType;
        }

        json["config"] = config.Descriptor();
        json["layers"] = new JsonArray([.. layers.Select(l => (JsonNode)l.Descriptor())]);
        AddSubjectAndAnnotations(json, subject, annotations);
        return new TestManifest(Encoding.UTF8.GetBytes(json.ToJsonString()), mediaType);
    }

    /// <summary>An image index or Docker manifest list over <paramref name="children"/>.</summary>
    public static TestManifest Index(
        IEnumerable<TestManifest> children,
        string mediaType = OciIndex,
        string? artifactType = null,
        TestManifest? subject = null,
        IReadOnlyDictionary<string, string>? annotations = null)
    {
        var json = new JsonObject { ["schemaVersion"] = 2, ["mediaType"] = mediaType };
        if (artifactType is not null)
        {
            json["artifactType"] = artifactType;
        }

        json["manifests"] = new JsonArray([.. children.Select((c, i) =>
        {
            var d = c.Descriptor();
            d["platform"] = new JsonObject { ["architecture"] = i % 2 == 0 ? "amd64" : "arm64", ["os"] = "linux" };
            return (JsonNode)d;
        })]);
        AddSubjectAndAnnotations(json, subject, annotations);
        return new TestManifest(Encoding.UTF8.GetBytes(json.ToJsonString()), mediaType);
    }

    /// <summary>An OCI 1.1 artifact: <c>artifactType</c>, the empty config and (optionally) a subject.</summary>
    public static TestManifest Artifact(
        string artifactType,
        TestManifest? subject = null,
        IReadOnlyDictionary<string, string>? annotations = null,
        TestBlob? layer = null) =>
        Image(EmptyJson, [layer ?? EmptyJson], OciManifest, artifactType, subject, annotations);

    private static void AddSubjectAndAnnotations(JsonObject json, TestManifest? subject, IReadOnlyDictionary<string, string>? annotations)
    {
        if (subject is not null)
        {
            json["subject"] = subject.Descriptor();
        }

        if (annotations is not null)
        {
            var a = new JsonObject();
            foreach (var (key, value) in annotations)
            {
                a[key] = value;
            }

            json["annotations"] = a;
        }
    }
}
