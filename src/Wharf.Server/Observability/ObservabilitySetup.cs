using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using Wharf.Registry.Diagnostics;
using Wharf.Server.Options;

namespace Wharf.Server.Observability;

/// <summary>Request ids, the readiness check and the Prometheus endpoint (decision 011, docs/metrics.md). OpenTelemetry
/// collects the BCL meters: Wharf's two, ASP.NET Core's request and connection meters, and the runtime's.</summary>
internal static class ObservabilitySetup
{
    public const string MetricsPath = "/metrics";
    public const string ReadinessPath = "/readyz";
    public const string HealthPath = "/healthz";

    private static readonly string[] Meters =
    [
        RegistryMetrics.MeterName,
        ServerMetrics.MeterName,
        "Microsoft.AspNetCore.Hosting", // http.server.request.duration: requests by route, method and status
        "Microsoft.AspNetCore.Server.Kestrel", // connections
        "System.Runtime", // GC, heap, thread pool, CPU and working set of the process
    ];

    public static void Add(WebApplicationBuilder builder)
    {
        var services = builder.Services;
        // The slim builder sets the console format to simple after configuration is bound, so without this
        // Logging:Console:FormatterName (json, for one object per line with the request id in its scopes) was ignored.
        services.AddOptions<ConsoleLoggerOptions>().PostConfigure<IConfiguration>((console, configuration) =>
        {
            if (configuration["Logging:Console:FormatterName"] is { Length: > 0 } formatter)
            {
                console.FormatterName = formatter;
            }
        });
        services.AddOptions<MetricsOptions>().BindConfiguration(MetricsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddHealthChecks()
            .AddCheck<DatabaseReadinessCheck>("database")
            .AddCheck<BlobStoreReadinessCheck>("blob store");

        var metrics = builder.Configuration.GetSection(MetricsOptions.Section).Get<MetricsOptions>() ?? new MetricsOptions();
        if (!metrics.Enabled)
        {
            return;
        }

        if (metrics.ListenEndPoint is { } endpoint)
        {
            // Added to the registry's own addresses (Kestrel's default when none are set), never instead of them.
            var urls = builder.Configuration["urls"] is { Length: > 0 } configured ? configured : "http://localhost:5000";
            builder.WebHost.UseUrls([.. urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), $"http://{endpoint}"]);
        }

        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("wharf"))
            // No scrape cache (the exporter's default keeps an answer 300 ms): every scrape reads the instruments, so
            // what an operator (or a test) sees right after a request already counts it.
            .WithMetrics(meters => meters.AddMeter(Meters).AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0));
    }

    /// <summary>Call first: the request id must wrap everything that logs or writes an error.</summary>
    public static void Map(WebApplication app)
    {
        app.UseMiddleware<RequestIdMiddleware>();
        app.MapHealthChecks(ReadinessPath, new HealthCheckOptions
        {
            ResponseWriter = ReadinessResponse.WriteAsync,
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status200OK,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
        });

        var metrics = app.Services.GetRequiredService<IOptions<MetricsOptions>>().Value;
        if (!metrics.Enabled)
        {
            return;
        }

        if (metrics.ListenEndPoint is not { } endpoint)
        {
            app.MapPrometheusScrapingEndpoint(MetricsPath);
            return;
        }

        // The metrics listener serves the scrape and the probes, nothing of the registry; the registry's listener
        // does not serve the scrape. The local port decides, not the Host header, which a caller chooses.
        var port = endpoint.Port;
        app.UseWhen(c => c.Connection.LocalPort == port, branch => branch.Use((context, next) =>
            context.Request.Path == MetricsPath || context.Request.Path == ReadinessPath || context.Request.Path == HealthPath
                ? next(context)
                : Results.NotFound().ExecuteAsync(context)));
        app.UseOpenTelemetryPrometheusScrapingEndpoint(
            meterProvider: null, predicate: c => c.Connection.LocalPort == port && c.Request.Path == MetricsPath, path: null, configureBranchedPipeline: null, optionsName: null);
    }
}
