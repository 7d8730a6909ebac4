// Measures the builder's layer-writing path against this machine's gzip ceilings, on one directory tree:
//   dotnet LayerWriteBench.dll DIR [ROUNDS]
// The tree's tar (made by the same writer, uncompressed) is held in memory for the ceilings; the writers read the tree
// on disk (page cache warm) and write into a null sink. MiB/s of uncompressed tar, the best of ROUNDS (default 3):
//   ceiling_mib_s          the tar deflated at level 6 in one stream on one core (.NET's zlib-ng): what the
//                          one-pass, one-core writer before pigz-style chunks could at most reach;
//   chunks_one_core_mib_s  the tar through Wharf's gzip chunk compressor on one core (1 MiB chunks, each deflated on
//                          its own or stored when incompressible): no tar, no reading, no hashing;
//   chunks_mib_s           the same on every core (ParallelGzipStream, its default concurrency): the parallel
//                          writer's ceiling;
//   writer_one_thread_mib_s LayerWriter.WriteAsync, gzip, compressing on the writing thread: tar, deflate, CRC-32 and
//                          both SHA-256 digests in one pass;
//   writer_mib_s           the same with the default concurrency (what `wharf build` does);
//   gzip_1_mib_s, pigz_mib_s  `gzip -1` and `pigz -6` over the tar in a file, if installed (the bench installs
//                          nothing): a native single-core and a native parallel reference.
// ratio = writer / chunks: how near the whole writer comes to its compressor alone.
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

async Task<double> BestAsync(Func<Task> run)
{
    var best = 0.0;
    for (var round = 0; round < rounds; round++)
    {
        var watch = Stopwatch.StartNew();
        await run();
        best = Math.Max(best, mib / watch.Elapsed.TotalSeconds);
    }

    return best;
}

async Task ChunksAsync(int concurrency)
{
    await using var gzip = new ParallelGzipStream(Stream.Null, concurrency);
    for (var offset = 0; offset < tarBytes.Length; offset += 256 * 1024)
    {
        await gzip.WriteAsync(tarBytes.AsMemory(offset, Math.Min(256 * 1024, tarBytes.Length - offset)));
    }

    await gzip.FinishAsync(CancellationToken.None);
}

Task WriterAsync(int concurrency) => LayerWriter.WriteAsync(
    root, entries, new LayerWriterOptions(LayerCompression.Gzip, 0) { CompressionConcurrency = concurrency }, Stream.Null, CancellationToken.None);

var ceiling = await BestAsync(() =>
{
    using var deflate = new DeflateStream(Stream.Null, new ZLibCompressionOptions { CompressionLevel = 6 }, leaveOpen: true);
    deflate.Write(tarBytes);
    return Task.CompletedTask;
});
var chunksOneCore = await BestAsync(() => ChunksAsync(1));
var chunks = await BestAsync(() => ChunksAsync(ParallelGzipStream.DefaultConcurrency));
var writerOneThread = await BestAsync(() => WriterAsync(1));
var writer = await BestAsync(() => WriterAsync(ParallelGzipStream.DefaultConcurrency));

var tarFile = Path.Combine(Path.GetTempPath(), $"layer-write-bench-{Environment.ProcessId}.tar");
await File.WriteAllBytesAsync(tarFile, tarBytes);
double? gzipOne = null, pigz = null;
try
{
    gzipOne = OnPath("gzip") ? await BestAsync(() => ToolAsync("gzip", "-1", "-c", tarFile)) : null;
    pigz = OnPath("pigz") ? await BestAsync(() => ToolAsync("pigz", "-6", "-c", tarFile)) : null;
}
finally
{
    File.Delete(tarFile);
}

Console.WriteLine(FormattableString.Invariant($"tar_mib={mib:F1} entries={entries.Count} diffid={plain.DiffId} cores={Environment.ProcessorCount} concurrency={ParallelGzipStream.DefaultConcurrency}"));
Console.WriteLine(FormattableString.Invariant($"ceiling_mib_s={ceiling:F1}"));
Console.WriteLine(FormattableString.Invariant($"chunks_one_core_mib_s={chunksOneCore:F1}"));
Console.WriteLine(FormattableString.Invariant($"chunks_mib_s={chunks:F1}"));
Console.WriteLine(FormattableString.Invariant($"writer_one_thread_mib_s={writerOneThread:F1}"));
Console.WriteLine(FormattableString.Invariant($"writer_mib_s={writer:F1}"));
Console.WriteLine(gzipOne is { } g ? FormattableString.Invariant($"gzip_1_mib_s={g:F1}") : "gzip_1_mib_s=absent");
Console.WriteLine(pigz is { } p ? FormattableString.Invariant($"pigz_mib_s={p:F1}") : "pigz_mib_s=absent");
Console.WriteLine(FormattableString.Invariant($"ratio={writer / chunks:F3}"));

static bool OnPath(string tool) =>
    (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => File.Exists(Path.Combine(d, tool)));

static async Task ToolAsync(string tool, params string[] arguments)
{
    var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true };
    foreach (var argument in arguments)
    {
        start.ArgumentList.Add(argument);
    }

    using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start");
    await process.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
    await process.WaitForExitAsync();
    if (process.ExitCode != 0)
    {
        throw new InvalidOperationException($"{tool} exited {process.ExitCode}");
    }
}
