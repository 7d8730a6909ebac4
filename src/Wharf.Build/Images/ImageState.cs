namespace Wharf.Build.Images;

/// <summary>An image as a stage builds it, one instruction at a time: its layers and its configuration.
/// <see cref="CmdSetInStage"/> is what ENTRYPOINT needs: it clears a CMD inherited from the base image but not one
/// the stage set. <see cref="LayersKey"/> names the layers for the build cache: the cache key of the step that made the
/// last of them, when a step with a key did (null: the layers are named by their diffIDs). Unlike the diffIDs it does not
/// change with the epoch, so the steps after a layer re-dated to a new epoch still find their cache entries.</summary>
internal sealed record ImageState(IReadOnlyList<ImageLayer> Layers, ImageConfig Config, bool CmdSetInStage = false)
{
    public string? LayersKey { get; init; }

    public static ImageState Scratch(ImageConfig config) => new([], config);

    /// <summary>A copy with a history entry added (and the layer, when there is one, made by the step with the cache key
    /// <paramref name="layerKey"/>).</summary>
    public ImageState With(HistoryEntry history, ImageLayer? layer = null, string? layerKey = null)
    {
        var layers = layer is null ? Layers : [.. Layers, layer];
        return this with
        {
            Layers = layers,
            LayersKey = layer is null ? LayersKey : layerKey,
            Config = Config with
            {
                History = [.. Config.History ?? [], history with { EmptyLayer = layer is null }],
                RootFs = new RootFs { DiffIds = [.. layers.Select(l => l.DiffId)] },
            },
        };
    }
}
