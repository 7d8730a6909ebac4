using Microsoft.Extensions.Diagnostics.HealthChecks;
using Wharf.Registry.Metadata;

namespace Wharf.Server.Observability;

/// <summary>Ready when the metadata database answers <c>SELECT 1</c> on a fresh or pooled connection within
/// <see cref="ReadinessProbe.Timeout"/>.</summary>
internal sealed class DatabaseReadinessCheck(SqlDatabase database) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        ReadinessProbe.RunAsync("database", async ct =>
        {
            await using var connection = await database.OpenAsync(ct, "Readiness");
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            await command.ExecuteScalarAsync(ct);
        }, cancellationToken);
}
