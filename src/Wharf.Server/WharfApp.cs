using Microsoft.Extensions.Options;
using Wharf.Registry;
using Wharf.Registry.Blobs;
using Wharf.Registry.Events;
using Wharf.Registry.Inspection;
using Wharf.Registry.Maintenance;
using Wharf.Registry.Manifests;
using Wharf.Registry.Metadata;
using Wharf.Registry.Statistics;
using Wharf.Registry.Storage;
using Wharf.Registry.Uploads;
using Wharf.Server.Api;
using Wharf.Server.Api.Accounts;
using Wharf.Server.Api.Builds;
using Wharf.Server.Api.Repositories;
using Wharf.Server.Api.Triggers;
using Wharf.Server.Api.Webhooks;
using Wharf.Server.Auth;
using Wharf.Server.Auth.Web;
using Wharf.Server.Builds;
using Wharf.Server.Http;
using Wharf.Server.GitPull;
using Wharf.Server.Maintenance;
using Wharf.Server.Observability;
using Wharf.Server.Oci;
using Wharf.Server.Options;
using Wharf.Server.Statistics;
using Wharf.Server.Tls;
using Wharf.Server.Ui;
using Wharf.Server.Webhooks;

namespace Wharf.Server;

/// <summary>Builds the Wharf web application: configuration, the backend choice, and the routes.
/// <c>Program</c>, <c>wharf serve</c> and the tests all start Wharf through here.</summary>
public static class WharfApp
{
    /// <param name="configureServices">Changes to the container after Wharf's own registrations (a test's builder).</param>
    public static WebApplication Build(
        string[] args, IReadOnlyDictionary<string, string?>? overrides = null, Action<IServiceCollection>? configureServices = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        // Precedence, lowest first: appsettings.json, the --config file, WHARF_ environment variables, flags.
        if ((overrides?.GetValueOrDefault("config") ?? builder.Configuration["config"]) is { Length: > 0 } configFile)
        {
            builder.Configuration.AddJsonFile(Path.GetFullPath(configFile), optional: false);
        }

        builder.Configuration.AddEnvironmentVariables("WHARF_");

        if (overrides is not null)
        {
            builder.Configuration.AddInMemoryCollection(overrides);
        }

        // The slim builder registers Kestrel without the code that reads HTTPS settings from configuration
        // (Kestrel:Endpoints:*:Certificate) and applies certificates to https:// addresses: without this, any HTTPS
        // endpoint fails at start-up with "Call UseKestrelHttpsConfiguration()".
        builder.WebHost.UseKestrelHttpsConfiguration();
        TlsSetup.Configure(builder);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
        AddWharf(builder.Services);
        configureServices?.Invoke(builder.Services);
        ObservabilitySetup.Add(builder);

        var app = builder.Build();
        ObservabilitySetup.Map(app);
        TrustedProxies.Use(app);
        app.Use(ClientRequestBody.Install);
        UiSetup.UseHeaders(app);
        WebAuthentication.Use(app);
        UiSetup.UseAntiforgery(app);
        app.MapGet("/healthz", () => Results.Text("ok"));
        app.MapGet("/api/v1/diff", DiffEndpoint.GetAsync);
        AuthSetup.Map(app);
        AccountsApi.Map(app);
        BuildsApi.Map(app);
        TriggersApi.Map(app);
        WebhooksApi.Map(app);
        RepositoriesApi.Map(app);
        app.Map("/v2", OciDispatcher.HandleAsync);
        app.Map("/v2/{**path}", OciDispatcher.HandleAsync);
        UiSetup.Map(app);
        return app;
    }

    private static void AddWharf(IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);
        // First of the hosted services, which start in the order they were added: the others (data protection's key
        // ring among them) read the schema it brings up to date.
        services.AddHostedService<MetadataMigrationService>();
        AddOptions<StorageOptions>(services, StorageOptions.Section);
        AddOptions<DatabaseOptions>(services, DatabaseOptions.Section);
        AddOptions<RegistryOptions>(services, RegistryOptions.Section);
        AddOptions<UploadsOptions>(services, UploadsOptions.Section);
        AddOptions<GarbageCollectionOptions>(services, GarbageCollectionOptions.Section);
        AddOptions<AuthOptions>(services, AuthOptions.Section);
        AddOptions<ProxyOptions>(services, ProxyOptions.Section);

        // Backends are chosen in one place, RegistryBackends, which the offline commands use too.
        services.AddSingleton<IBlobStore>(sp =>
            // Wrapped whatever the backend: storage latency is measured once, outside every backend.
            new InstrumentedBlobStore(RegistryBackends.CreateBlobStore(
                sp.GetRequiredService<IOptions<StorageOptions>>().Value, sp.GetRequiredService<TimeProvider>())));
        services.AddSingleton(sp => RegistryBackends.CreateDatabase(
            sp.GetRequiredService<IOptions<DatabaseOptions>>().Value, sp.GetRequiredService<IOptions<StorageOptions>>().Value));
        services.AddSingleton<IMetadataStore, SqlMetadataStore>();
        services.AddSingleton<UploadHashCache>();
        services.AddSingleton<UploadService>();
        services.AddSingleton(sp => new RegistryPolicy(sp.GetRequiredService<IOptions<RegistryOptions>>().Value.DeletesEnabled));
        // The audit log (with auth on) and the webhooks (pulls, and a wake-up for pushes and deletes, which the services
        // already wrote to the outbox in their own transactions: decision 022).
        // And the pull counter (decision 027), when pull statistics are on.
        services.AddSingleton<IRegistryEvents>(sp => new RegistryEventSinks([
            .. sp.GetRequiredService<IOptions<AuthOptions>>().Value.Enabled ? [new AuditedRegistryEvents(sp.GetRequiredService<AuditTrail>())] : Array.Empty<IRegistryEvents>(),
            sp.GetRequiredService<WebhookRegistryEvents>(),
            .. StatisticsSetup.Enabled(sp) ? [sp.GetRequiredService<PullCounter>()] : Array.Empty<IRegistryEvents>(),
        ]));
        services.AddSingleton<ManifestService>();
        services.AddSingleton<BlobService>();
        services.AddSingleton<UploadPurger>();
        services.AddSingleton<SqlGarbageCollectionLog>();
        services.AddSingleton(sp => new GarbageCollector(
            sp.GetRequiredService<IBlobStore>(), sp.GetRequiredService<IMetadataStore>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<SqlGarbageCollectionLog>()));
        services.AddSingleton<SqlBlobSizeStore>();
        services.AddSingleton<LayerSizeMeasurer>();
        services.AddSingleton<ImageInspector>();
        services.AddSingleton<ImageComparer>();
        AuthSetup.AddServices(services);
        WebAuthentication.AddServices(services);
        UiSetup.AddServices(services);
        AccountsApi.AddServices(services);
        BuildsSetup.AddServices(services);
        GitPullSetup.AddServices(services);
        WebhooksSetup.AddServices(services);
        StatisticsSetup.AddServices(services);
        AuthSetup.AddHostedServices(services);
        BuildsSetup.AddHostedServices(services);
        GitPullSetup.AddHostedServices(services);
        WebhooksSetup.AddHostedServices(services);
        StatisticsSetup.AddHostedServices(services);
        services.AddHostedService<UploadPurgeService>();
        services.AddHostedService<GarbageCollectionService>();
        services.AddHostedService<LayerSizeService>();
    }

    private static void AddOptions<T>(IServiceCollection services, string section)
        where T : class =>
        services.AddOptions<T>().BindConfiguration(section).ValidateDataAnnotations().ValidateOnStart();
}
