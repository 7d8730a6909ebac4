namespace Wharf.Build.Images;

/// <summary>An image as a stage builds it, one instruction at a time: its layers and its configuration.
/// <see cref="CmdSetInStage"/> is what ENTRYPOINT needs: it clears a CMD inherited from the base image but not one
/// the stage set.</summary>
internal sealed record ImageState(IReadOnlyList<ImageLayer> Layers, ImageConfig Config, bool CmdSetInStage = false)
{
    public static ImageState Scratch(ImageConfig config) => new([], config);

    /// <summary>A copy with a history entry added (and the layer, when there is one).</summary>
    public ImageState With(HistoryEntry history, ImageLayer? layer = null)
    {
        var layers = layer is null ? Layers : [.. Layers, layer];
        return this with
        {
            Layers = layers,
            Config = Config with
            {
                History = [.. Config.History ?? [], history with { EmptyLayer = layer is null }],
                RootFs = new RootFs { DiffIds = [.. layers.Select(l => l.DiffId)] },
            },
        };
    }
}
