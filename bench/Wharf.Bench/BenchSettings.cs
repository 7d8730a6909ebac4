using System.Globalization;

namespace Wharf.Bench;

/// <summary>Sizes, counts and durations of one run; every one can be changed with a BENCH_* variable.</summary>
internal sealed record BenchSettings(
    int LargeMiB,
    int HugeMiB,
    int ChunkMiB,
    int PullReps,
    int SmallImages,
    int SmallWorkers,
    int GetClients,
    double GetSeconds,
    int TagCount,
    int RepoCount,
    int PageSize,
    double WalkSeconds,
    int MaxWalks,
    int FsyncMiB,
    int ShaMiB,
    double WorkloadTimeoutSeconds,
    int AuthRounds,
    int TokenClients,
    double TokenSeconds,
    string Workloads)
{
    public static BenchSettings FromEnvironment() => new(
        LargeMiB: Int("BENCH_LARGE_MB", 1024),
        HugeMiB: Int("BENCH_HUGE_MB", 2048),
        ChunkMiB: Int("BENCH_CHUNK_MB", 8),
        PullReps: Int("BENCH_PULL_REPS", 3),
        SmallImages: Int("BENCH_SMALL_IMAGES", 500),
        SmallWorkers: Int("BENCH_SMALL_WORKERS", 8),
        GetClients: Int("BENCH_GET_CLIENTS", 32),
        GetSeconds: Double("BENCH_GET_SECONDS", 10),
        TagCount: Int("BENCH_TAGS", 5000),
        RepoCount: Int("BENCH_REPOS", 2000),
        PageSize: Int("BENCH_PAGE", 1000),
        WalkSeconds: Double("BENCH_WALK_SECONDS", 5),
        MaxWalks: Int("BENCH_MAX_WALKS", 50),
        FsyncMiB: Int("BENCH_FSYNC_MB", 1024),
        ShaMiB: Int("BENCH_SHA_MB", 1024),
        WorkloadTimeoutSeconds: Double("BENCH_WORKLOAD_TIMEOUT", 240),
        AuthRounds: Int("BENCH_AUTH_ROUNDS", 3),
        TokenClients: Int("BENCH_TOKEN_CLIENTS", 16),
        TokenSeconds: Double("BENCH_TOKEN_SECONDS", 10),
        Workloads: Environment.GetEnvironmentVariable("BENCH_WORKLOADS") ?? "");

    /// <summary>Whether workload <paramref name="number"/> (1–8) runs: all of them unless BENCH_WORKLOADS lists some
    /// ("2,4,5").</summary>
    public bool Runs(int number) =>
        string.IsNullOrWhiteSpace(Workloads)
        || Workloads.Split(',', StringSplitOptions.TrimEntries).Contains(number.ToString(CultureInfo.InvariantCulture));

    /// <summary>The time limit of a workload that moves <paramref name="mib"/> MiB: generous, but bounded.</summary>
    public TimeSpan TimeoutFor(int mib) => TimeSpan.FromSeconds(Math.Max(WorkloadTimeoutSeconds, mib / 4.0));

    public static string Size(long mib) => mib % 1024 == 0 ? $"{mib / 1024} GiB" : $"{mib} MiB";

    private static int Int(string name, int fallback)
    {
        var value = Environment.GetEnvironmentVariable(name);
        if (string.IsNullOrWhiteSpace(value))
        {
            return fallback;
        }
        return int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) && parsed > 0
            ? parsed
            : throw new ArgumentException($"{name} must be a positive integer, got '{value}'");
    }

    private static double Double(string name, double fallback)
    {
        var value = Environment.GetEnvironmentVariable(name);
        if (string.IsNullOrWhiteSpace(value))
        {
            return fallback;
        }
        return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && parsed > 0
            ? parsed
            : throw new ArgumentException($"{name} must be a positive number, got '{value}'");
    }
}
