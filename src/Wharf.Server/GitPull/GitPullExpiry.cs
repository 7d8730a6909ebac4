using Wharf.Oci;
using Wharf.Oci.Errors;
using Wharf.Registry.Events;
using Wharf.Registry.GitPulls;
using Wharf.Registry.Manifests;

namespace Wharf.Server.GitPull;

/// <summary>Deletes the images built on pull that nobody pulled since a time (their manifest and commit tag; garbage
/// collection then frees the layers no other image shares). Each claim's deletion is conditional on that time in the
/// database, so nodes racing each other or a pull do no harm: a pull that came in between keeps its image.</summary>
public sealed class GitPullExpiry(SqlGitPullStore claims, ManifestService manifests)
{
    private static readonly RegistryActor Actor = new("wharf (build on pull expiry)", null);

    /// <summary>Returns how many images were deleted. <see cref="RegistryException"/> when deletes are turned off.</summary>
    public async Task<int> ExpireAsync(DateTimeOffset before, CancellationToken ct)
    {
        var removed = 0;
        foreach (var idle in await claims.ListIdleAsync(before, 1000, ct))
        {
            if (!await claims.DeleteIdleAsync(idle.Repository, idle.Commit, before, ct))
            {
                continue;
            }

            var repository = RepositoryName.Parse(idle.Repository);
            if (await manifests.FindAsync(repository, Reference.ForTag(idle.Commit), ct) is { } image)
            {
                await manifests.DeleteAsync(repository, Reference.ForDigest(image.Digest), Actor, ct);
                removed++;
            }
        }

        return removed;
    }
}
