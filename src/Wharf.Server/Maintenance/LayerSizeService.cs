using Wharf.Registry.Inspection;

namespace Wharf.Server.Maintenance;

/// <summary>Measures pushed blobs' uncompressed sizes every few seconds (<see cref="LayerSizeMeasurer"/>), batch after
/// batch until none is left, so the tag page shows them seconds after a push without a push waiting for it. Any node
/// may measure; two measuring one blob at once record the same figure.</summary>
internal sealed class LayerSizeService(LayerSizeMeasurer measurer, TimeProvider time, ILogger<LayerSizeService> logger)
    : PeriodicMaintenanceService(time, logger)
{
    protected override TimeSpan Interval => TimeSpan.FromSeconds(2);

    protected override async Task RunOnceAsync(CancellationToken ct)
    {
        while (await measurer.MeasureAsync(LayerSizeMeasurer.Batch, ct) == LayerSizeMeasurer.Batch)
        {
        }
    }
}
