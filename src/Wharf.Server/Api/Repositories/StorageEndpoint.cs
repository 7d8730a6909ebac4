using Wharf.Registry.Overview;
using Wharf.Server.Api.Accounts;

namespace Wharf.Server.Api.Repositories;

/// <summary><c>GET /api/v1/storage?largest=N</c>: bytes per namespace and repository, shared blobs counted once per
/// namespace and overall, as far as the caller may see (<see cref="StorageOverview"/>).</summary>
internal static class StorageEndpoint
{
    public static async Task<IResult> GetAsync(string? largest, HttpContext http, StorageReport report, CancellationToken ct)
    {
        var count = (int)(ApiInput.Number(largest, "largest", 1, 1000) ?? 20);
        var overview = await report.ReadAsync(RepositoriesApiFilter.ViewerOf(http), count, ct);
        return Results.Json(overview, RepositoriesJsonContext.Default.StorageOverview);
    }
}
