using Wharf.Registry.Auth;

namespace Wharf.Registry.Overview;

/// <summary>A repository's description (Markdown), read by whoever may see the repository and set by its administrators
/// (<see cref="RepositoryRights.AdministersAsync"/>, the rule of its grants and visibility; anyone when auth is off).</summary>
public sealed class RepositoryDescriptions(SqlOverviewStore store, RepositoryVisibility visibility, RepositoryRights rights)
{
    /// <summary>The longest description kept, in characters: a README, not a document store.</summary>
    public const int MaxLength = 100_000;

    /// <summary>(found, description): found is false when the repository does not exist or the viewer may not see it;
    /// the description is null when it has none.</summary>
    public async Task<(bool Found, RepositoryDescription? Description)> FindAsync(Viewer viewer, string repository, CancellationToken ct)
    {
        if (await store.FindRepositoryAsync(repository, ct) is not { } row || !visibility.MaySee(viewer, row.Name, row.IsPublic))
        {
            return (false, null);
        }

        return (true, await store.FindDescriptionAsync(repository, ct));
    }

    /// <summary>Sets the description; "" removes it.</summary>
    public async Task<DescriptionChange> SetAsync(Viewer viewer, string repository, string text, CancellationToken ct)
    {
        if (await store.FindRepositoryAsync(repository, ct) is not { } row || !visibility.MaySee(viewer, row.Name, row.IsPublic))
        {
            return DescriptionChange.NotFound;
        }

        if (!viewer.SeesEverything && !await rights.AdministersAsync(viewer.Principal, repository, ct))
        {
            return DescriptionChange.Forbidden;
        }

        if (text.Length > MaxLength)
        {
            return DescriptionChange.TooLong;
        }

        return await store.SetDescriptionAsync(repository, text, viewer.Principal.Name, ct) ? DescriptionChange.Done : DescriptionChange.NotFound;
    }
}
