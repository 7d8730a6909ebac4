using Microsoft.Extensions.Options;
using Wharf.Build;
using Wharf.Registry.Auth;
using Wharf.Registry.Blobs;
using Wharf.Registry.Builds;
using Wharf.Registry.Manifests;
using Wharf.Registry.Metadata;
using Wharf.Registry.Storage;
using Wharf.Registry.Triggers;
using Wharf.Registry.Uploads;
using Wharf.Server.Options;
using Wharf.Server.Triggers;

namespace Wharf.Server.Builds;

/// <summary>Registers builds on the server: the queue, the builder (<see cref="BuilderFactory"/>, replaceable in the
/// container, as the tests do), and the workers' hosted service, which must come after the schema migration.</summary>
internal static class BuildsSetup
{
    public static void AddServices(IServiceCollection services)
    {
        services.AddOptions<BuildsOptions>().BindConfiguration(BuildsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => new SqlBuildStore(sp.GetRequiredService<SqlDatabase>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new BuildWorkerSettings(
            sp.GetRequiredService<IOptions<BuildsOptions>>().Value,
            sp.GetRequiredService<IOptions<BuildsOptions>>().Value.DirectoryUnder(sp.GetRequiredService<IOptions<StorageOptions>>().Value.DataDirectory),
            BuildWorkerSettings.NewPrefix()));
        services.AddSingleton(sp => BuilderFactory.Create(
            sp.GetRequiredService<BuildWorkerSettings>().StateDirectory, sp.GetRequiredService<IOptions<BuildsOptions>>().Value));
        services.AddSingleton(sp => new BuildWorkerServices(
            sp.GetRequiredService<SqlBuildStore>(),
            sp.GetRequiredService<IBlobStore>(),
            sp.GetRequiredService<UploadService>(),
            sp.GetRequiredService<BlobService>(),
            sp.GetRequiredService<ManifestService>(),
            sp.GetRequiredService<IImageBuilder>(),
            sp.GetRequiredService<IOptions<AuthOptions>>().Value.Enabled
                ? BuildRights.Checked(sp.GetRequiredService<IAccountStore>(), sp.GetRequiredService<RepositoryRights>())
                : BuildRights.Everyone,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<BuildGitCredentials>(),
            sp.GetRequiredService<SecretKeys>()));
        services.AddSingleton(sp => new BuildLogArchive(
            sp.GetRequiredService<SqlBuildStore>(), sp.GetRequiredService<UploadService>(), sp.GetRequiredService<IBlobStore>()));
        services.AddSingleton<BuildWorkerPool>();
        services.AddOptions<SecretsOptions>().BindConfiguration(SecretsOptions.Section);
        services.AddSingleton(sp => new SecretKeys(
            sp.GetRequiredService<IOptions<SecretsOptions>>().Value,
            sp.GetRequiredService<IOptions<StorageOptions>>().Value,
            sp.GetRequiredService<IOptions<DatabaseOptions>>().Value));
        services.AddSingleton(sp => new SqlTriggerStore(sp.GetRequiredService<SqlDatabase>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new TriggerBuilds(sp.GetRequiredService<SqlBuildStore>()));
        services.AddSingleton(sp => new BuildGitCredentials(
            sp.GetRequiredService<SqlTriggerStore>(), sp.GetRequiredService<SecretKeys>(), sp.GetRequiredService<IOptions<GitPullOptions>>().Value));
        services.AddSingleton(sp => new SqlBaseImageStore(sp.GetRequiredService<SqlDatabase>(), sp.GetRequiredService<TimeProvider>()));
    }

    /// <summary>After <c>MetadataMigrationService</c>: workers claim from the <c>builds</c> table, polling from
    /// <c>build_triggers</c>, base-image rebuilds from <c>base_image_rebuilds</c>.</summary>
    public static void AddHostedServices(IServiceCollection services)
    {
        services.AddHostedService<BuildWorkerService>();
        services.AddHostedService<TriggerPollingService>();
        services.AddHostedService<BaseImageRebuildService>();
    }
}
