using Microsoft.Extensions.Diagnostics.HealthChecks;
using Wharf.Registry.Storage;

namespace Wharf.Server.Observability;

/// <summary>Ready when the blob store lists (at most) one blob within <see cref="ReadinessProbe.Timeout"/>: a read
/// every backend must serve, which fails when the filesystem root is gone or the bucket unreachable, and which reads
/// no more than one page.</summary>
internal sealed class BlobStoreReadinessCheck(IBlobStore blobs) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        ReadinessProbe.RunAsync("blob store", async ct =>
        {
            await using var listing = blobs.ListAsync(ct).GetAsyncEnumerator(ct);
            await listing.MoveNextAsync();
        }, cancellationToken);
}
