using Wharf.Build.Lint;

namespace Wharf.Build.Tests.Lint;

public sealed class BuildSummaryTests
{
    private const long MiB = 1 << 20;

    [Fact]
    public void Lists_each_layer_its_sizes_its_step_and_what_it_added()
    {
        var sizes = new[]
        {
            new LayerSize(0, "FROM debian:12", 29 * MiB, 74 * MiB),
            new LayerSize(4, "RUN apt-get update && apt-get install -y --no-install-recommends python3 && rm -rf /var/lib/apt/lists/*", 12 * MiB, 40 * MiB),
            new LayerSize(7, "COPY . /app", 1024, 3000),
        };
        var contents = new[]
        {
            new LayerContent(0, "FROM debian:12", []),
            new LayerContent(4, sizes[1].Instruction,
            [
                new("usr/lib/python3.11/a.py", 30 * MiB, false, false), new("usr/lib/python3.11/b.py", 2 * MiB, false, false),
                new("usr/bin/python3", 6 * MiB, false, false), new("etc/python3/x", 1000, false, false), new("usr/share/doc/x", 10, false, false),
                new("var/lib/apt/lists", 0, true, false),
            ]),
            new LayerContent(7, "COPY . /app", [new("app/main.py", 3000, false, false), new("app", 0, false, false)]),
        };

        var lines = BuildSummary.Lines(sizes, contents);

        Assert.Equal(
            [
                "layer      pushed    unpacked  step",
                "    1    29.0 MiB    74.0 MiB  base image",
                "    2    12.0 MiB    40.0 MiB  RUN apt-get update && apt-get install -y --no-i… (line 4): usr/lib/python3.11 32.0 MiB, usr/bin 6.0 MiB, etc/python3 1000 B and 1 more; deletes 1 path",
                "    3     1.0 KiB     2.9 KiB  COPY . /app (line 7): app 2.9 KiB",
                "total    41.0 MiB   114.0 MiB  3 layers",
            ],
            lines);
    }

    [Fact]
    public void Without_contents_it_prints_sizes_only_and_refuses_lists_that_do_not_match()
    {
        var sizes = new[] { new LayerSize(2, "RUN true", 32, 1024) };
        Assert.Equal("    1        32 B     1.0 KiB  RUN true (line 2)", BuildSummary.Lines(sizes)[1]);
        Assert.Throws<ArgumentException>(() => BuildSummary.Lines(sizes, []));
    }
}
