using Microsoft.Extensions.Options;
using Wharf.Registry.Auth;
using Wharf.Registry.Metadata;
using Wharf.Registry.Overview;
using Wharf.Registry.Statistics;
using Wharf.Server.Options;

namespace Wharf.Server.Statistics;

/// <summary>The registry's read side for the UI and <c>/api/v1/repositories</c> (the <c>Overview</c> services), and the
/// pull statistics they show, counted only with <c>Registry:PullStatistics</c> (decision 027).</summary>
internal static class StatisticsSetup
{
    public static void AddServices(IServiceCollection services)
    {
        services.AddSingleton<SqlOverviewStore>();
        services.AddSingleton(sp => new RepositoryVisibility(sp.GetRequiredService<AccessPolicy>(), sp.GetRequiredService<IAccountStore>()));
        services.AddSingleton<RepositoryCatalog>();
        services.AddSingleton<TagCatalog>();
        services.AddSingleton<StorageReport>();
        services.AddSingleton<RepositoryDescriptions>();
        services.AddSingleton<PullCounter>();
        services.AddSingleton(sp => new SqlPullStatisticsStore(sp.GetRequiredService<SqlDatabase>()));
    }

    /// <summary>Always registered; it returns at once when statistics are off.</summary>
    public static void AddHostedServices(IServiceCollection services) => services.AddHostedService<PullStatisticsService>();

    /// <summary>The counter is the events sink only when statistics are on (<see cref="WharfApp"/>).</summary>
    public static bool Enabled(IServiceProvider sp) => sp.GetRequiredService<IOptions<RegistryOptions>>().Value.PullStatistics;
}
