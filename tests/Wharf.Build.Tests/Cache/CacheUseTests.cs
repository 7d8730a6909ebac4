using Wharf.Build.Cache;
using Wharf.Build.Images;
using Wharf.Oci;

namespace Wharf.Build.Tests.Cache;

/// <summary>Which entries a <c>--cache-to</c> exports: min takes the final stage and the stages it starts from through
/// FROM (steps without a layer too), max every stage built; a key is exported once.</summary>
public sealed class CacheUseTests
{
    [Fact]
    public void Min_takes_the_final_stage_and_its_from_chain_and_max_every_stage()
    {
        var use = new CacheUse();
        use.BeginStage(0, null); // base
        use.Record(Key('a'), new CacheEntry(Layer('1')));
        use.Record(Key('b'), new CacheEntry(null));
        use.BeginStage(1, 0); // builder FROM base
        use.Record(Key('c'), new CacheEntry(Layer('2')));
        use.BeginStage(2, null); // another image, copied from only
        use.Record(Key('d'), new CacheEntry(Layer('3')));
        use.BeginStage(3, 0); // final FROM base
        use.Record(Key('e'), new CacheEntry(Layer('4')));
        use.Record(Key('f'), new CacheEntry(null));

        Assert.Equal([Key('e'), Key('f'), Key('a'), Key('b')], use.Select(CacheMode.Min, 3).Select(e => e.Key));
        Assert.Equal([Key('a'), Key('b'), Key('c'), Key('d'), Key('e'), Key('f')], use.Select(CacheMode.Max, 3).Select(e => e.Key).Order());
    }

    [Fact]
    public void A_key_met_twice_is_exported_once()
    {
        var use = new CacheUse();
        use.BeginStage(0, null);
        use.Record(Key('a'), new CacheEntry(Layer('1')));
        use.BeginStage(1, null);
        use.Record(Key('a'), new CacheEntry(Layer('1')));

        Assert.Single(use.Select(CacheMode.Max, 1));
    }

    internal static string Key(char c) => new(c, 64);

    internal static ImageLayer Layer(char c) => new(
        new Descriptor { MediaType = MediaTypes.OciLayerGzip, Digest = Digest.Parse("sha256:" + new string(c, 64)), Size = 10 },
        Digest.Parse("sha256:" + new string(c, 63) + "f"));
}
