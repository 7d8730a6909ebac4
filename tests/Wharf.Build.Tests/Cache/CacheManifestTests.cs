using System.Text;
using System.Text.Json.Nodes;
using Wharf.Build.Cache;
using Wharf.Build.Store;
using Wharf.Oci;
using Wharf.Oci.Images;
using static Wharf.Build.Tests.Cache.CacheUseTests;

namespace Wharf.Build.Tests.Cache;

/// <summary>The build cache as an OCI artifact: what is written, that the same entries give the same bytes, that it
/// reads back, and what is refused on the way in.</summary>
public sealed class CacheManifestTests : IDisposable
{
    private readonly TempDirectory _directory = new("wharf-cache-manifest-");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void The_manifest_is_an_oci_artifact_whose_layers_are_the_entries_layers()
    {
        var (config, manifest) = CacheManifest.Write([new(Key('b'), Layer('2')), new(Key('a'), Layer('1')), new(Key('c'), null), new(Key('d'), Layer('1'))]);

        var json = JsonNode.Parse(manifest.Bytes)!;
        Assert.Equal(MediaTypes.OciManifest, manifest.MediaType);
        Assert.Equal(2, (int)json["schemaVersion"]!);
        Assert.Equal(MediaTypes.OciManifest, (string?)json["mediaType"]);
        Assert.Equal("application/vnd.wharf.build.cache.v1+json", (string?)json["artifactType"]);
        Assert.Equal("application/vnd.wharf.build.cache.v1+json", (string?)json["config"]!["mediaType"]);
        Assert.Equal(Digest.Compute(config).ToString(), (string?)json["config"]!["digest"]);
        Assert.Equal([Layer('1').Blob.Digest.ToString(), Layer('2').Blob.Digest.ToString()], json["layers"]!.AsArray().Select(l => (string?)l!["digest"]));
        var entries = JsonNode.Parse(config)!["entries"]!.AsArray();
        Assert.Equal([Key('a'), Key('b'), Key('c'), Key('d')], entries.Select(e => (string?)e!["key"]));
        Assert.Null(entries[2]!["layer"]);
        Assert.Equal(Layer('1').DiffId.ToString(), (string?)entries[0]!["layer"]!["diffID"]);
    }

    [Fact]
    public void The_same_entries_in_any_order_give_the_same_manifest()
    {
        var one = CacheManifest.Write([new(Key('a'), Layer('1')), new(Key('b'), null)]).Manifest;
        var other = CacheManifest.Write([new(Key('b'), null), new(Key('a'), Layer('1'))]).Manifest;

        Assert.Equal(one.Digest, other.Digest);
    }

    [Fact]
    public async Task What_is_written_reads_back()
    {
        var (config, manifest) = CacheManifest.Write([new(Key('a'), Layer('1')), new(Key('b'), null)]);
        await using var source = await SourceAsync(config, manifest);

        var entries = await CacheManifest.ReadAsync(source, manifest, Ct);

        Assert.Equal(2, entries.Count);
        Assert.Equal(Layer('1'), entries.Single(e => e.Key == Key('a')).Layer!.ToLayer());
        Assert.Null(entries.Single(e => e.Key == Key('b')).Layer);
    }

    [Fact]
    public async Task An_image_is_not_a_cache()
    {
        var config = Encoding.UTF8.GetBytes("{}");
        var manifest = new ManifestContent(Encoding.UTF8.GetBytes($$"""
            {"schemaVersion":2,"mediaType":"{{MediaTypes.OciManifest}}","config":{"mediaType":"{{MediaTypes.OciConfig}}","digest":"{{Digest.Compute(config)}}","size":2},"layers":[]}
            """), MediaTypes.OciManifest);
        await using var source = await SourceAsync(config, manifest);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => CacheManifest.ReadAsync(source, manifest, Ct));

        Assert.Equal($"it is not a Wharf build cache (a {MediaTypes.OciConfig})", error.Message);
    }

    [Fact]
    public async Task Entries_with_a_key_this_builder_never_makes_half_a_layer_or_a_layer_not_in_the_manifest_are_left_out()
    {
        var config = Encoding.UTF8.GetBytes($$"""
            {"entries":[
              {"key":"../../etc/passwd","layer":null},
              {"key":"{{Key('A')}}","layer":null},
              {"key":"{{Key('b')}}","layer":{"mediaType":"{{MediaTypes.OciLayerGzip}}","size":1} },
              {"key":"{{Key('c')}}","layer":null},
              {"key":"{{Key('d')}}","layer":{"mediaType":"{{MediaTypes.OciLayerGzip}}","digest":"{{Layer('9').Blob.Digest}}","size":10,"diffID":"{{Layer('9').DiffId}}"} }
            ]}
            """);
        var manifest = new ManifestContent(Encoding.UTF8.GetBytes($$"""
            {"schemaVersion":2,"mediaType":"{{MediaTypes.OciManifest}}","artifactType":"{{CacheManifest.ConfigMediaType}}","config":{"mediaType":"{{CacheManifest.ConfigMediaType}}","digest":"{{Digest.Compute(config)}}","size":{{config.Length}}},"layers":[]}
            """), MediaTypes.OciManifest);
        await using var source = await SourceAsync(config, manifest);

        var entries = await CacheManifest.ReadAsync(source, manifest, Ct);

        Assert.Equal([Key('c')], entries.Select(e => e.Key));
    }

    [Fact]
    public async Task A_config_whose_bytes_are_not_its_digest_is_refused()
    {
        var (config, manifest) = CacheManifest.Write([new(Key('a'), null)]);
        var blobs = new BlobCache(_directory["blobs"]);
        var digest = Digest.Compute(config);
        config[^2] = (byte)' '; // same size, other bytes, kept under the original digest
        await File.WriteAllBytesAsync(blobs.PathOf(digest), config, Ct);
        await using var source = new StoredImageSource(ImageReference.Parse("oci:/nowhere"), manifest, blobs);

        await Assert.ThrowsAsync<Wharf.Oci.Errors.RegistryException>(() => CacheManifest.ReadAsync(source, manifest, Ct));
    }

    private async Task<StoredImageSource> SourceAsync(byte[] config, ManifestContent manifest)
    {
        var blobs = new BlobCache(_directory["blobs"]);
        await blobs.PutAsync(config, Ct);
        return new StoredImageSource(ImageReference.Parse("oci:/nowhere"), manifest, blobs);
    }
}
