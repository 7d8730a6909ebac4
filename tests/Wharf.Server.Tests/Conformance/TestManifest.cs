using System.Text.Json.Nodes;

namespace Wharf.Server.Tests.Conformance;

/// <summary>A manifest the tests push: its exact bytes and media type; the digest is the sha256 of the bytes.</summary>
internal sealed record TestManifest(byte[] Bytes, string MediaType)
{
    public string Digest { get; } = TestImages.Sha256(Bytes);

    public long Size => Bytes.Length;

    public JsonObject Descriptor() => TestImages.Descriptor(MediaType, Digest, Size);
}
