namespace Wharf.Build.Layers;

/// <summary>How a written layer is compressed: gzip by default (every client reads it), zstd on request, or none.</summary>
public enum LayerCompression
{
    Gzip,
    Zstd,
    None,
}
