namespace Wharf.Bench;

/// <summary>The data every registry gets, identical for all of them: pattern blobs and tiny images from fixed seeds.</summary>
internal sealed class BenchData
{
    public BenchData(BenchSettings settings)
    {
        Monolithic = new PatternSource(1, (long)settings.LargeMiB << 20);
        Chunked = new PatternSource(2, (long)settings.LargeMiB << 20);
        Huge = new PatternSource(3, (long)settings.HugeMiB << 20);
        SmallImages = TestImage.CreateMany(4, settings.SmallImages, 1024);
        WarmupImages = TestImage.CreateMany(5, 16, 1024);
        TagImage = TestImage.CreateMany(6, 1, 1024)[0];
        CatalogImage = TestImage.CreateMany(7, 1, 1024)[0];
        SmokeImage = TestImage.CreateMany(8, 1, 4096)[0];
    }

    public PatternSource Monolithic { get; }

    public PatternSource Chunked { get; }

    public PatternSource Huge { get; }

    public TestImage[] SmallImages { get; }

    public TestImage[] WarmupImages { get; }

    public TestImage TagImage { get; }

    public TestImage CatalogImage { get; }

    public TestImage SmokeImage { get; }

    /// <summary>Computes the large blobs' digests up front, so no workload pays for it.</summary>
    public void Prepare()
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        _ = Monolithic.Digest;
        _ = Chunked.Digest;
        _ = Huge.Digest;
        Console.Error.WriteLine($"[data] digests of the large blobs computed in {watch.Elapsed.TotalSeconds:F1} s");
    }
}
