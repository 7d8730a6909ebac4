// Measures the builder's layer-writing path against this machine's gzip ceilings, on one directory tree:
//   dotnet LayerWriteBench.dll DIR [ROUNDS]
// The tree's tar (made by the same writer, uncompressed) is held in memory for the ceilings; the writers read the tree
// on disk (page cache warm) and write into a null sink. MiB/s of uncompressed tar, the best of ROUNDS (default 3):
//   ceiling_mib_s          the tar deflated at level 6 in one stream on one core (.NET's zlib-ng): what the
//                          one-pass, one-core writer before pigz-style chunks could at most reach;
//   chunks_one_core_mib_s  the tar's 1 MiB chunks through Wharf's chunk compressor (DeflateChunk: each deflated on its
//                          own, or stored when incompressible) on one core: compression and nothing else;
//   chunks_mib_s           the same on every core (ParallelGzipStream's default concurrency), in any order: this
//                          machine's gzip ceiling for Wharf's layer format, the figure the target is measured against;
//   sha256_mib_s           SHA-256 of the tar on one core (OpenSSL, SHA-NI where the CPU has it);
//   crc32_mib_s            CRC-32 of the tar on one core (System.IO.Hashing);
//   output_fraction        the gzip layer's size over the tar's (how many bytes the digest's SHA-256 reads per byte);
//   bound_ratio            the most any writer could reach against chunks_mib_s on any number of cores, from the
//                          one-core figures: the share of the unavoidable CPU work that is compression,
//                          (1/chunks_one) / (1/chunks_one + (1 + output_fraction)/sha256 + 1/crc32) — reading the
//                          files and making the tar come on top;
//   writer_one_thread_mib_s LayerWriter.WriteAsync, gzip, one chunk compressing at a time on the writing thread: tar
//                          from the files, deflate, CRC-32 and both SHA-256 digests;
//   writer_mib_s           the same with the default concurrency (what `wharf build` does);
//   gzip_1_mib_s, pigz_mib_s  `gzip -1` and `pigz -6` over the tar in a file, if installed (the bench installs
//                          nothing): a native single-core and a native parallel reference.
// ratio = writer / chunks: how near the whole writer comes to its compressor alone (the target); against
// bound_ratio it says how much of what is possible the writer reaches.
using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
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

void Chunks(int concurrency)
{
    var count = (tarBytes.Length + ParallelGzipStream.ChunkSize - 1) / ParallelGzipStream.ChunkSize;
    Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, i =>
    {
        var offset = i * ParallelGzipStream.ChunkSize;
        var segment = DeflateChunk.Compress(tarBytes.AsSpan(offset, Math.Min(ParallelGzipStream.ChunkSize, tarBytes.Length - offset)), i == count - 1);
        ArrayPool<byte>.Shared.Return(segment.Buffer);
    });
}

double OutputFraction()
{
    long output = 0;
    for (var offset = 0; offset < tarBytes.Length; offset += ParallelGzipStream.ChunkSize)
    {
        var segment = DeflateChunk.Compress(tarBytes.AsSpan(offset, Math.Min(ParallelGzipStream.ChunkSize, tarBytes.Length - offset)), false);
        output += segment.Length;
        ArrayPool<byte>.Shared.Return(segment.Buffer);
    }

    return (double)output / tarBytes.Length;
}

Task WriterAsync(int concurrency) => LayerWriter.WriteAsync(
    root, entries, new LayerWriterOptions(LayerCompression.Gzip, 0) { CompressionConcurrency = concurrency }, Stream.Null, CancellationToken.None);

var ceiling = await BestAsync(() =>
{
    using var deflate = new DeflateStream(Stream.Null, new ZLibCompressionOptions { CompressionLevel = 6 }, leaveOpen: true);
    deflate.Write(tarBytes);
    return Task.CompletedTask;
});
var chunksOneCore = await BestAsync(() =>
{
    Chunks(1);
    return Task.CompletedTask;
});
var chunks = await BestAsync(() =>
{
    Chunks(ParallelGzipStream.DefaultConcurrency);
    return Task.CompletedTask;
});
var sha256 = await BestAsync(() =>
{
    SHA256.HashData(tarBytes);
    return Task.CompletedTask;
});
var crc32 = await BestAsync(() =>
{
    System.IO.Hashing.Crc32.Hash(tarBytes);
    return Task.CompletedTask;
});
var outputFraction = OutputFraction();
var boundRatio = (1 / chunksOneCore) / ((1 / chunksOneCore) + ((1 + outputFraction) / sha256) + (1 / crc32));
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
Console.WriteLine(FormattableString.Invariant($"sha256_mib_s={sha256:F1}"));
Console.WriteLine(FormattableString.Invariant($"crc32_mib_s={crc32:F1}"));
Console.WriteLine(FormattableString.Invariant($"output_fraction={outputFraction:F3}"));
Console.WriteLine(FormattableString.Invariant($"bound_ratio={boundRatio:F3}"));
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
