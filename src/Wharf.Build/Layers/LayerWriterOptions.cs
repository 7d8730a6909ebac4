namespace Wharf.Build.Layers;

/// <summary>How <see cref="LayerWriter"/> writes a layer. <paramref name="Epoch"/> (unix seconds, SOURCE_DATE_EPOCH)
/// makes it reproducible: every mtime is clamped to it and whiteouts carry it. Null writes the real mtimes (whole
/// seconds), so the same tree written later may differ.</summary>
public sealed record LayerWriterOptions(LayerCompression Compression, long? Epoch)
{
    /// <summary>How many threads compress at once (gzip chunks, zstd workers). The bytes never depend on it; tests
    /// set it to show that.</summary>
    internal int CompressionConcurrency { get; init; } = ParallelGzipStream.DefaultConcurrency;
}
