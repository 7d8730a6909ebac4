using Wharf.Build.Lint;

namespace Wharf.Build.Store;

/// <summary>What one layer holds, as the layering advice and the build summary read it: its uncompressed size and
/// every path it adds, deletes (whiteout) or makes opaque.</summary>
internal sealed record LayerListing(long UncompressedSize, IReadOnlyList<LayerPath> Paths);
