using Wharf.Oci;
using Wharf.Oci.Client;
using Wharf.Oci.Images;
using Wharf.Server.Tests.Conformance;
using Wharf.Server.Tests.Infrastructure;
using static Wharf.Server.Tests.Client.ClientTestBlobs;

namespace Wharf.Server.Tests.Client;

/// <summary>Copies between two different registries (Wharf and CNCF Distribution) through the image seam: every blob
/// travels once, a second copy moves nothing, and the index digest survives the round trip.</summary>
public sealed class RegistryCopyTests(WharfServerFixture wharf, DistributionFixture distribution)
    : IClassFixture<WharfServerFixture>, IClassFixture<DistributionFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_index_goes_from_Wharf_to_Distribution_and_back_with_its_digest()
    {
        var repository = OciTestClient.NewRepository("client/cross");
        var seeder = new OciTestClient(wharf.Server.Client);
        var images = new[] { await seeder.PushImageAsync(repository), await seeder.PushImageAsync(repository) };
        var index = TestImages.Index(images.Select(i => i.Manifest));
        await seeder.PushManifestAsync(repository, "v1", index);
        var atWharf = $"docker://{wharf.Server.HostPort}/{repository}:v1";
        var atDistribution = $"docker://{distribution.Registry.HostPort}/{repository}:v1";
        var backAtWharf = $"docker://{wharf.Server.HostPort}/{repository}-back:v1";

        var there = await CopyAsync(atWharf, atDistribution);
        var again = await CopyAsync(atWharf, atDistribution);
        var back = await CopyAsync(atDistribution, backAtWharf);

        Assert.Equal((index.Digest, 4, 0), (there.Manifest.ToString(), there.BlobsCopied, there.BlobsReused));
        Assert.Equal((0, 4), (again.BlobsCopied, again.BlobsReused)); // HEAD first: nothing moves twice
        Assert.Equal(index.Digest, back.Manifest.ToString());
        using var client = new RegistryClient(wharf.Server.HostPort);
        var copied = await client.FindManifestAsync(RepositoryName.Parse($"{repository}-back"), Reference.ForTag("v1"), Ct);
        Assert.Equal(index.Bytes, copied!.Bytes);
        var layer = Describe(images[0].Layer);
        Assert.Equal(images[0].Layer.Bytes, await ReadAllAsync(await client.OpenBlobAsync(RepositoryName.Parse($"{repository}-back"), layer.Digest, 0, Ct)));
    }

    [Fact]
    public async Task A_missing_source_image_is_image_not_found()
    {
        var source = await RegistryImageTransports.OpenSourceAsync(
            ImageReference.Parse($"docker://{wharf.Server.HostPort}/client/absent:v1"), new RegistryClientOptions(), Ct);
        await using (source)
        {
            var error = await Assert.ThrowsAsync<ImageNotFoundException>(() => source.GetManifestAsync(Ct));
            Assert.Contains($"{wharf.Server.HostPort}/client/absent:v1", error.Message, StringComparison.Ordinal);
        }
    }

    private static async Task<CopyResult> CopyAsync(string from, string to)
    {
        var source = await RegistryImageTransports.OpenSourceAsync(ImageReference.Parse(from), new RegistryClientOptions(), Ct);
        var destination = await RegistryImageTransports.OpenDestinationAsync(ImageReference.Parse(to), new RegistryClientOptions(), Ct);
        await using (source)
        await using (destination)
        {
            return await new ImageCopier().CopyAsync(source, destination, new CopyOptions(), Ct);
        }
    }
}
