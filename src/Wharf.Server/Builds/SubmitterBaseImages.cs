using Wharf.Build;
using Wharf.Oci;
using Wharf.Oci.Images;
using Wharf.Registry.Builds;
using Wharf.Registry.Events;
using Wharf.Registry.Images;
using Wharf.Registry.Triggers;

namespace Wharf.Server.Builds;

/// <summary>The FROM images of one build on the server. An image of this registry — its host is the one the submitter
/// sent the build to (<see cref="BuildSpec.RegistryHost"/>) — is read in process, as a pull by the submitter, after
/// <see cref="BuildRights"/> said they may: so a team builds from its private base images, and nobody builds from an
/// image they could not pull. Any other image comes from <paramref name="elsewhere"/> (other registries, anonymously).
/// Each image of this registry opened by tag is noted in <paramref name="read"/>: a trigger's ref is rebuilt when one
/// of them moves (decision 023); one opened by digest never moves.</summary>
internal sealed class SubmitterBaseImages(BuildWorkerServices services, BuildSpec spec, IBaseImages elsewhere, BaseImagesRead? read = null) : IBaseImages
{
    public async Task<IImageSource> OpenAsync(ImageReference reference, CancellationToken ct)
    {
        if (!ThisRegistry.Names(spec.RegistryHost, reference))
        {
            return await elsewhere.OpenAsync(reference, ct);
        }

        var repository = reference.Repository!.Value;
        var tagOrDigest = reference.Reference!.Value;
        // One answer for "absent" and "not yours", as /v2 gives, so a build cannot probe for other teams' images.
        if (!await services.Rights.MayPullAsync(spec.RequestedBy, repository.ToString(), ct)
            || await services.Manifests.FindAsync(repository, tagOrDigest, ct) is not { } manifest)
        {
            var who = spec.RequestedBy.Length == 0 ? "anyone" : spec.RequestedBy;
            throw new ImageNotFoundException($"{reference.Host}/{repository}{(tagOrDigest.IsDigest ? "@" : ":")}{tagOrDigest} is not in this registry, or {who} may not pull it");
        }

        if (tagOrDigest.Tag is { } tag)
        {
            read?.Add(new BaseImageRead(repository.ToString(), tag, manifest.Digest));
        }

        return new InProcessImageSource(services.Blobs, services.Manifests, repository, tagOrDigest, new RegistryActor(spec.RequestedBy, null));
    }
}
