using System.Diagnostics;
using System.Security.Cryptography;

namespace Wharf.Bench;

/// <summary>What this machine can do at most: SHA-256 on one core and sequential write + fsync on the data disk.</summary>
internal static class Ceilings
{
    public const string Sha256 = "sha256";
    public const string FsyncWrite = "fsync-write";

    public static void Measure(BenchSettings settings, string workDir, ResultBook book)
    {
        book.Ceilings[Sha256] = Try(() => MeasureSha256(settings.ShaMiB));
        book.Ceilings[FsyncWrite] = Try(() => MeasureFsyncWrite(settings.FsyncMiB, workDir));
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
