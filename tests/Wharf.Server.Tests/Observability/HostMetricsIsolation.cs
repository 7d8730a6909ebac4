namespace Wharf.Server.Tests.Observability;

/// <summary>Tests that read ASP.NET Core's request metrics run alone. Each host has its own hosting meter, but
/// OpenTelemetry listens by meter name, so every host's exporter also hears the others' instruments under one series;
/// when another host stops, its meter's end deactivates that shared series in the survivors until they record again,
/// and a counter read across it goes back. One host per process (a real Wharf) never sees this.</summary>
[CollectionDefinition(nameof(HostMetricsIsolation), DisableParallelization = true)]
public sealed class HostMetricsIsolation;
