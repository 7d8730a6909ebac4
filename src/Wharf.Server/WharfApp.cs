using Microsoft.Extensions.Options;
using Wharf.Registry.Maintenance;
using Wharf.Registry.Manifests;
using Wharf.Registry.Metadata;
using Wharf.Registry.Storage;
using Wharf.Registry.Uploads;
using Wharf.Server.Api;
using Wharf.Server.Api.Accounts;
using Wharf.Server.Auth;
using Wharf.Server.Http;
using Wharf.Server.Maintenance;
using Wharf.Server.Observability;
using Wharf.Server.Oci;
using Wharf.Server.Options;
using Wharf.Server.Tls;

namespace Wharf.Server;

/// <summary>Builds the Wharf web application: configuration, the backend choice, and the routes.
/// <c>Program</c>, <c>wharf serve</c> and the tests all start Wharf through here.</summary>
public static class WharfApp
{
    public static WebApplication Build(string[] args, IReadOnlyDictionary<string, string?>? overrides = null)
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
        ObservabilitySetup.Add(builder);

        var app = builder.Build();
        ObservabilitySetup.Map(app);
        TrustedProxies.Use(app);
        app.Use(ClientRequestBody.Install);
        app.MapGet("/healthz", () => Results.Text("ok"));
        app.MapGet("/api/v1/diff", DiffEndpoint.GetAsync);
        AuthSetup.Map(app);
        AccountsApi.Map(app);
        app.Map("/v2", OciDispatcher.HandleAsync);
        app.Map("/v2/{**path}", OciDispatcher.HandleAsync);
        return app;
    }

    private static void AddWharf(IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);
        AddOptions<StorageOptions>(services, StorageOptions.Section);
        AddOptions<DatabaseOptions>(services, DatabaseOptions.Section);
        AddOptions<RegistryOptions>(services, RegistryOptions.Section);
        AddOptions<UploadsOptions>(services, UploadsOptions.Section);
        AddOptions<GarbageCollectionOptions>(services, GarbageCollectionOptions.Section);
        AddOptions<AuthOptions>(services, AuthOptions.Section);
        AddOptions<ProxyOptions>(services, ProxyOptions.Section);

        // The one place backends are chosen.
        services.AddSingleton<IBlobStore>(sp =>
        {
            var storage = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            // Wrapped whatever the backend: storage latency is measured once, outside every backend.
            return new InstrumentedBlobStore(storage.Backend switch
            {
                "filesystem" => new FileSystemBlobStore(Path.GetFullPath(storage.DataDirectory)),
                "s3" => CreateS3BlobStore(storage.S3, sp.GetRequiredService<TimeProvider>()),
                "memory" => new InMemoryBlobStore(sp.GetRequiredService<TimeProvider>()),
                _ => throw new OptionsValidationException(StorageOptions.Section, typeof(StorageOptions), [$"unknown storage backend '{storage.Backend}'"]),
            });
        });
        services.AddSingleton(sp =>
        {
            var database = sp.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            return database.Provider switch
            {
                "sqlite" => SqlDatabase.Sqlite(database.ConnectionString is { Length: > 0 } path ? path : DefaultSqlitePath(sp)),
                "postgres" => SqlDatabase.Postgres(database.ConnectionString!),
                _ => throw new OptionsValidationException(DatabaseOptions.Section, typeof(DatabaseOptions), [$"unknown database provider '{database.Provider}'"]),
            };
        });
        services.AddSingleton<IMetadataStore, SqlMetadataStore>();
        services.AddSingleton<UploadHashCache>();
        services.AddSingleton<UploadService>();
        services.AddSingleton<ManifestService>();
        services.AddSingleton<UploadPurger>();
        services.AddSingleton<GarbageCollector>();
        AuthSetup.AddServices(services);
        AccountsApi.AddServices(services);
        services.AddHostedService<MetadataMigrationService>();
        AuthSetup.AddHostedServices(services);
        services.AddHostedService<UploadPurgeService>();
        services.AddHostedService<GarbageCollectionService>();
    }

    /// <summary><c>&lt;DataDirectory&gt;/wharf.db</c>, the directory created if need be.</summary>
    private static string DefaultSqlitePath(IServiceProvider services)
    {
        var dataDirectory = Path.GetFullPath(services.GetRequiredService<IOptions<StorageOptions>>().Value.DataDirectory);
        Directory.CreateDirectory(dataDirectory);
        return Path.Combine(dataDirectory, "wharf.db");
    }

    private static S3BlobStore CreateS3BlobStore(S3StorageOptions s3, TimeProvider time)
    {
        var endpoint = new S3Endpoint
        {
            ServiceUrl = string.IsNullOrEmpty(s3.ServiceUrl) ? null : s3.ServiceUrl,
            Region = s3.Region,
            AccessKey = s3.AccessKey,
            SecretKey = s3.SecretKey,
            ForcePathStyle = s3.ForcePathStyle,
        };
        var settings = new S3BlobStoreSettings(s3.Bucket!)
        {
            Prefix = s3.Prefix,
            RedirectLifetime = s3.BlobDelivery == "redirect" ? s3.RedirectLifetime : null,
        };
        return new S3BlobStore(endpoint.CreateClient(), settings, time);
    }

    private static void AddOptions<T>(IServiceCollection services, string section)
        where T : class =>
        services.AddOptions<T>().BindConfiguration(section).ValidateDataAnnotations().ValidateOnStart();
}
