using Wharf.Build;
using Wharf.Build.Cache;
using Wharf.Oci.Images;
using Wharf.Registry.Builds;
using Wharf.Registry.Events;
using Wharf.Registry.Images;

namespace Wharf.Server.Builds;

/// <summary>The <c>--cache-from</c> and <c>--cache-to</c> refs of one build on the server (decisions 017, 019), reached
/// the way its FROM images are (<see cref="SubmitterBaseImages"/>). A ref of this registry is read in process as a pull
/// by the submitter once <see cref="BuildRights"/> says they may pull it — one they may not pull and one that does not
/// exist get the same warning, so a build cannot probe other teams' repositories — and written in process as a push
/// by them once it says they may push there. That right was checked when the build was queued, and is asked again
/// here because a cache is what later builds trust: a right revoked meanwhile stops the export. A ref of any other
/// registry is read anonymously through <paramref name="elsewhere"/> and never written: the server holds no one's
/// credentials for other registries (the API refuses such a <c>--cache-to</c> when the build is submitted).</summary>
internal sealed class SubmitterBuildCache(BuildWorkerServices services, BuildSpec spec, IBuildCacheStore elsewhere) : IBuildCacheStore
{
    public async Task<IImageSource> OpenSourceAsync(ImageReference reference, CancellationToken ct)
    {
        if (!ThisRegistry.Names(spec.RegistryHost, reference))
        {
            return await elsewhere.OpenSourceAsync(reference, ct);
        }

        var repository = reference.Repository!.Value;
        var tagOrDigest = reference.Reference!.Value;
        if (!await services.Rights.MayPullAsync(spec.RequestedBy, repository.ToString(), ct)
            || await services.Manifests.FindAsync(repository, tagOrDigest, ct) is null)
        {
            throw new ImageNotFoundException($"{BuildCacheFlags.Text(reference)} is not in this registry, or {Who} may not pull it");
        }

        return new InProcessImageSource(services.Blobs, services.Manifests, repository, tagOrDigest, new RegistryActor(spec.RequestedBy, null));
    }

    public async Task<IImageDestination> OpenDestinationAsync(ImageReference reference, CancellationToken ct)
    {
        if (!ThisRegistry.Names(spec.RegistryHost, reference))
        {
            throw new InvalidOperationException(
                $"a build on the server exports its cache only to this registry ({spec.RegistryHost ?? "the host the build was sent to"}): it holds no credentials for {reference.Host}");
        }

        var repository = reference.Repository!.Value;
        if (!await services.Rights.MayPushAsync(spec.RequestedBy, repository.ToString(), ct))
        {
            throw new UnauthorizedAccessException($"{Who} may no longer push to {reference.Host}/{repository}");
        }

        // A cache is pushed under a tag (the API takes no digest for --cache-to).
        string[] tags = reference.Reference!.Value.Tag is { } tag ? [tag] : [];
        return new InProcessImageDestination(
            services.Uploads, services.Blobs, services.Manifests, repository, tags, new RegistryActor(spec.RequestedBy, null));
    }

    private string Who => spec.RequestedBy.Length == 0 ? "anyone" : spec.RequestedBy;
}
