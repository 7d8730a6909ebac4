using System.Diagnostics;
using System.Security.Cryptography;

namespace Wharf.Bench;

/// <summary>What this machine can do at most: SHA-256 on one core and sequential write + fsync on the data disk.</summary>
internal static class Ceilings
{
    public const string Sha256 = "sha256";
    public const string FsyncWrite = "fsync-write";
    public const string LoopbackDiscard = "loopback-discard";
    public const string LoopbackSha256 = "loopback-sha256";

    public static async Task MeasureAsync(BenchSettings settings, BenchData data, string workDir, ResultBook book)
    {
        book.Ceilings[Sha256] = Try(() => MeasureSha256(settings.ShaMiB));
        book.Ceilings[FsyncWrite] = Try(() => MeasureFsyncWrite(settings.FsyncMiB, workDir));
        book.Ceilings[LoopbackDiscard] = await TryAsync(() => MeasureLoopbackAsync(data.Monolithic, hash: false));
        book.Ceilings[LoopbackSha256] = await TryAsync(() => MeasureLoopbackAsync(data.Monolithic, hash: true));
    }

    /// <summary>
    /// PUTs the large blob, exactly as the push workloads do, into an in-process sink on 127.0.0.1 that reads it
    /// (and with <paramref name="hash"/> hashes it): the most a registry on this machine could be measured at.
    /// </summary>
    private static async Task<Measurement> MeasureLoopbackAsync(PatternSource source, bool hash)
    {
        await using var sink = new LoopbackSink(hash);
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromMinutes(10) };
        using (var warm = new PatternContent(source, 0, 1 << 20))
        using (var response = await http.PutAsync(new Uri(sink.BaseUri, "warm-up"), warm))
        {
            response.EnsureSuccessStatusCode();
        }
        var watch = Stopwatch.StartNew();
        using (var content = new PatternContent(source, 0, source.Length))
        using (var response = await http.PutAsync(new Uri(sink.BaseUri, "blob"), content))
        {
            response.EnsureSuccessStatusCode();
        }
        var mib = source.Length / 1048576.0;
        var seconds = watch.Elapsed.TotalSeconds;
        Console.Error.WriteLine($"[ceiling] loopback PUT into a {(hash ? "hashing" : "discarding")} sink: {mib:F0} MiB in {seconds:F2} s = {mib / seconds:F0} MiB/s");
        return new Measurement(mib / seconds);
    }

    /// <summary>SHA-256 (.NET IncrementalHash, i.e. OpenSSL on Linux) over a 64 MiB in-memory buffer, on this thread.</summary>
    private static Measurement MeasureSha256(int mib)
    {
        var buffer = new byte[64 << 20];
        new Random(7).NextBytes(buffer);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(buffer);
        hash.GetHashAndReset();
        long total = (long)mib << 20;
        var watch = Stopwatch.StartNew();
        for (long done = 0; done < total; done += buffer.Length)
        {
            hash.AppendData(buffer, 0, (int)Math.Min(buffer.Length, total - done));
        }
        hash.GetHashAndReset();
        var seconds = watch.Elapsed.TotalSeconds;
        Console.Error.WriteLine($"[ceiling] SHA-256 one core: {mib} MiB in {seconds:F2} s = {mib / seconds:F0} MiB/s");
        return new Measurement(mib / seconds, Detail: $"{BenchSettings.Size(mib)} in memory");
    }

    /// <summary>Writes <paramref name="mib"/> MiB sequentially in 1 MiB writes, then fsync; time includes the fsync.</summary>
    private static Measurement MeasureFsyncWrite(int mib, string workDir)
    {
        var path = Path.Combine(workDir, "fsync-ceiling.tmp");
        var buffer = new byte[1 << 20];
        new Random(8).NextBytes(buffer);
        Sync.All();
        try
        {
            var watch = Stopwatch.StartNew();
            using (var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0))
            {
                for (var i = 0; i < mib; i++)
                {
                    buffer[0] = (byte)i;
                    file.Write(buffer);
                }
                file.Flush(flushToDisk: true);
            }
            var seconds = watch.Elapsed.TotalSeconds;
            Console.Error.WriteLine($"[ceiling] sequential write + fsync: {mib} MiB in {seconds:F2} s = {mib / seconds:F0} MiB/s");
            return new Measurement(mib / seconds, Detail: $"{BenchSettings.Size(mib)} in {workDir}");
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static async Task<Measurement> TryAsync(Func<Task<Measurement>> measure)
    {
        try
        {
            return await measure();
        }
        catch (Exception error)
        {
            Console.Error.WriteLine($"[ceiling] FAILED: {error.Message}");
            return Measurement.Failed(error.Message);
        }
    }

    private static Measurement Try(Func<Measurement> measure)
    {
        try
        {
            return measure();
        }
        catch (Exception error)
        {
            Console.Error.WriteLine($"[ceiling] FAILED: {error.Message}");
            return Measurement.Failed(error.Message);
        }
    }
}
