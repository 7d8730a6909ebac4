using System.Text;
using Wharf.Oci;
using Wharf.Oci.Client;
using Wharf.Oci.Errors;
using Wharf.Oci.Images;
using Wharf.Server.Tests.Conformance;
using static Wharf.Server.Tests.Client.ClientTestBlobs;

namespace Wharf.Server.Tests.Client;

public abstract partial class RegistryClientContractTests
{
    [Fact]
    public async Task Registry_errors_carry_the_spec_code_and_name_the_registry_and_the_operation()
    {
        using var client = NewClient();
        var repository = Repository("client/errors");
        var missing = Describe(Random(10));

        var blob = await Assert.ThrowsAsync<RegistryException>(() => client.OpenBlobAsync(repository, missing.Digest, 0, Ct));
        Assert.Equal(OciErrorCode.BlobUnknown, blob.Code);
        Assert.Contains(HostPort, blob.Message, StringComparison.Ordinal);
        Assert.Contains($"pull blob {missing.Digest}", blob.Message, StringComparison.Ordinal);

        var tags = await Assert.ThrowsAsync<RegistryException>(async () => await client.ListTagsAsync(repository, null, Ct).ToListAsync(Ct));
        Assert.Equal(OciErrorCode.NameUnknown, tags.Code);

        var config = TestImages.Config();
        var unpushed = Content(TestImages.Image(config, [TestImages.Layer()]));
        var manifest = await Assert.ThrowsAsync<RegistryException>(() => client.PutManifestAsync(repository, Reference.ForTag("v1"), unpushed, Ct));
        Assert.Equal(OciErrorCode.ManifestBlobUnknown, manifest.Code);
        Assert.Contains($"push manifest {repository}:v1", manifest.Message, StringComparison.Ordinal);

        var garbage = new ManifestContent(Encoding.UTF8.GetBytes("{\"schemaVersion\": 2, \"mediaType\": 7}"), TestImages.OciManifest);
        var invalid = await Assert.ThrowsAsync<RegistryException>(() => client.PutManifestAsync(repository, Reference.ForTag("v2"), garbage, Ct));
        Assert.Equal(OciErrorCode.ManifestInvalid, invalid.Code);

        var bytes = Random(3000);
        var lie = Describe(Random(3000)); // another blob's digest and size
        var digest = await Assert.ThrowsAsync<RegistryException>(() => client.PushBlobAsync(repository, lie, Opener(bytes), null, null, Ct));
        Assert.Equal(OciErrorCode.DigestInvalid, digest.Code);
        Assert.Null(await client.FindBlobSizeAsync(repository, lie.Digest, Ct));
    }

    [Fact]
    public async Task A_chunked_push_of_the_wrong_bytes_fails_with_digest_invalid_and_keeps_nothing()
    {
        using var client = NewClient(new RegistryClientOptions { ChunkSize = 16 * 1024 });
        var repository = Repository("client/errors-chunked");
        var bytes = Random(40 * 1024);
        var lie = Describe(Random(40 * 1024));

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.PushBlobAsync(repository, lie, Opener(bytes), null, null, Ct));

        Assert.Equal(OciErrorCode.DigestInvalid, error.Code);
        Assert.Null(await client.FindBlobSizeAsync(repository, lie.Digest, Ct));
    }

    [Fact]
    public async Task Manifests_and_blobs_are_deleted_once()
    {
        var repository = OciTestClient.NewRepository("client/delete");
        var image = await SeedImageAsync(repository, "v1");
        var name = RepositoryName.Parse(repository);
        var digest = Reference.ForDigest(Digest.Parse(image.Manifest.Digest));
        using var client = NewClient();

        Assert.True(await client.DeleteManifestAsync(name, digest, Ct));
        Assert.Null(await client.FindManifestAsync(name, digest, Ct));
        Assert.False(await client.DeleteManifestAsync(name, digest, Ct));

        var layer = Digest.Parse(image.Layer.Digest);
        Assert.True(await client.DeleteBlobAsync(name, layer, Ct));
        Assert.False(await client.DeleteBlobAsync(name, layer, Ct));
    }

    [Fact]
    public async Task An_index_copied_to_another_repository_keeps_its_digest_and_mounts_every_blob()
    {
        var from = OciTestClient.NewRepository("client/copy-from");
        var images = new[] { await SeedImageAsync(from), await SeedImageAsync(from) };
        var index = TestImages.Index(images.Select(i => i.Manifest));
        await TagAsync(from, "multi", index);
        var to = OciTestClient.NewRepository("client/copy-to");

        var source = await RegistryImageTransports.OpenSourceAsync(ImageReference.Parse($"docker://{HostPort}/{from}:multi"), new RegistryClientOptions(), Ct);
        var destination = await RegistryImageTransports.OpenDestinationAsync(ImageReference.Parse($"docker://{HostPort}/{to}:copied"), new RegistryClientOptions(), Ct);
        CopyResult result;
        await using (source)
        await using (destination)
        {
            result = await new ImageCopier().CopyAsync(source, destination, new CopyOptions(), Ct);
        }

        Assert.Equal(index.Digest, result.Manifest.ToString());
        Assert.Equal((0, 4), (result.BlobsCopied, result.BlobsReused)); // two configs and two layers, all mounted
        using var client = NewClient();
        var copied = await client.FindManifestAsync(RepositoryName.Parse(to), Reference.ForTag("copied"), Ct);
        Assert.Equal(index.Bytes, copied!.Bytes);
        Assert.NotNull(await client.FindManifestAsync(RepositoryName.Parse(to), Reference.ForDigest(Digest.Parse(images[1].Manifest.Digest)), Ct));
    }
}
