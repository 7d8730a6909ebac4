// Measures the builder's layer-writing path against this machine's gzip ceiling, on one directory tree:
//   dotnet LayerWriteBench.dll DIR [ROUNDS]
// ceiling: the tree's tar (made by the same writer, uncompressed, held in memory) deflated at the writer's level
//          (6) on one core with the same zlib (.NET's zlib-ng) into a null sink: the most a gzip layer writer can do;
// writer:  LayerWriter.WriteAsync over the tree on disk (page cache warm), gzip, into a null sink: tar, deflate,
//          CRC-32 and both SHA-256 digests in one pass.
// Prints MiB/s of uncompressed tar for each, the best of ROUNDS (default 3), and the ratio.
using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using Wharf.Build.Filesystem;
using Wharf.Build.Layers;

var root = Path.GetFullPath(args.Length > 0 ? args[0] : throw new ArgumentException("usage: LayerWriteBench DIR [ROUNDS]"));
var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
var entries = OverlayUpperDiff.Read(root); // a plain tree reads as "everything added"

using var tar = new MemoryStream();
var plain = await LayerWriter.WriteAsync(root, entries, new LayerWriterOptions(LayerCompression.None, 0), tar, CancellationToken.None);
var tarBytes = tar.ToArray();
double mib = tarBytes.Length / 1048576.0;

double best(Func<TimeSpan> run) => Enumerable.Range(0, rounds).Select(_ => mib / run().TotalSeconds).Max();

var ceiling = best(() =>
{
    var watch = Stopwatch.StartNew();
    using (var deflate = new DeflateStream(Stream.Null, new ZLibCompressionOptions { CompressionLevel = 6 }, leaveOpen: true))
    {
        deflate.Write(tarBytes);
    }

    return watch.Elapsed;
});
var writer = best(() =>
{
    var watch = Stopwatch.StartNew();
    LayerWriter.WriteAsync(root, entries, new LayerWriterOptions(LayerCompression.Gzip, 0), Stream.Null, CancellationToken.None).GetAwaiter().GetResult();
    return watch.Elapsed;
});

Console.WriteLine(FormattableString.Invariant($"tar_mib={mib:F1} entries={entries.Count} diffid={plain.DiffId}"));
Console.WriteLine(FormattableString.Invariant($"ceiling_mib_s={ceiling:F1}"));
Console.WriteLine(FormattableString.Invariant($"writer_mib_s={writer:F1}"));
Console.WriteLine(FormattableString.Invariant($"ratio={writer / ceiling:F3}"));
