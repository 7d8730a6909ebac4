using Wharf.Build.Dockerfile;
using Wharf.Build.Lint;

namespace Wharf.Build.Tests.Lint;

public sealed class LayerWasteAnalyzerTests
{
    private const long MiB = 1 << 20;

    private static LayerPath File(string path, long size) => new(path, size, false, false);

    private static LayerPath Whiteout(string path) => new(path, 0, true, false);

    private static LayerPath Opaque(string path) => new(path, 0, false, true);

    private static LayerContent Base(params LayerPath[] paths) => new(0, "FROM debian:12", paths);

    [Fact]
    public void A_later_deletion_of_an_earlier_layers_files_saves_nothing()
    {
        var layers = new[]
        {
            Base(File("bin/sh", 2 * MiB)),
            new LayerContent(5, "RUN apt-get update && apt-get install -y gcc", [File("var/lib/apt/lists/a", 30 * MiB), File("var/lib/apt/lists/b", 8 * MiB), File("usr/bin/gcc", MiB)]),
            new LayerContent(6, "RUN rm -rf /var/lib/apt/lists/*", [Whiteout("var/lib/apt/lists/a"), Whiteout("var/lib/apt/lists/b")]),
        };

        var advice = Assert.Single(LayerWasteAnalyzer.Analyze("Dockerfile", layers));

        Assert.Equal(new Advice("WastedBytes", "Dockerfile", 6, "this cleanup saves nothing: 38.0 MiB stay in layer 2 (RUN at line 5)", "delete the files in the step at line 5 that creates them"), advice);
    }

    [Fact]
    public void A_whiteout_of_a_directory_and_an_opaque_directory_hide_everything_under_them()
    {
        var layers = new[]
        {
            Base(),
            new LayerContent(3, "COPY build/ /opt/build/", [File("opt/build/a.o", 3 * MiB), File("opt/build/sub/b.o", 2 * MiB), File("opt/build-keep", 4 * MiB)]),
            new LayerContent(4, "RUN rm -rf /opt/build", [Whiteout("opt/build")]),
            new LayerContent(5, "COPY x /srv/", [File("srv/x", 2 * MiB)]),
            new LayerContent(6, "RUN mkdir-fresh /srv", [Opaque("srv"), File("srv/y", 1)]),
        };

        var advice = LayerWasteAnalyzer.Analyze("Dockerfile", layers);

        Assert.Equal(
            [(4, "this cleanup saves nothing: 5.0 MiB stay in layer 2 (COPY at line 3)"), (6, "this cleanup saves nothing: 2.0 MiB stay in layer 4 (COPY at line 5)")],
            advice.Select(a => (a.Line, a.Message)));
    }

    [Fact]
    public void Replacing_files_ships_both_copies()
    {
        var layers = new[]
        {
            Base(File("usr/lib/libc.so", 3 * MiB)),
            new LayerContent(2, "COPY app /app", [File("app/bin", 10 * MiB)]),
            new LayerContent(3, "RUN chown -R app /app", [File("app/bin", 10 * MiB)]),
            new LayerContent(4, "RUN apt-get upgrade -y", [File("usr/lib/libc.so", 3 * MiB)]),
        };

        var advice = LayerWasteAnalyzer.Analyze("Dockerfile", layers);

        Assert.Equal(3, advice[0].Line);
        Assert.Equal("this step rewrites 10.0 MiB that layer 2 (COPY at line 2) added: both copies ship", advice[0].Message);
        Assert.Equal(4, advice[1].Line);
        Assert.Equal("this step rewrites 3.0 MiB of the base image (layer 1): both copies ship", advice[1].Message);
    }

    [Fact]
    public void Small_amounts_and_deletions_inside_the_base_image_are_not_advised()
    {
        var layers = new[]
        {
            Base(File("big", 50 * MiB)),
            Base(Whiteout("big")),
            new LayerContent(3, "RUN x", [File("tmp/a", MiB - 1)]),
            new LayerContent(4, "RUN rm /tmp/a", [Whiteout("tmp/a")]),
        };

        Assert.Empty(LayerWasteAnalyzer.Analyze("Dockerfile", layers));
    }

    [Fact]
    public void Package_caches_in_the_final_image_are_advised_where_most_of_them_came_from()
    {
        var layers = new[]
        {
            Base(File("var/lib/apt/lists/base", 5 * MiB)),
            new LayerContent(2, "RUN apt-get update", [File("var/lib/apt/lists/a", 20 * MiB)]),
            new LayerContent(3, "RUN pip install flask", [File("root/.cache/pip/http/1", MiB / 2)]),
            new LayerContent(4, "RUN apk add curl", [File("var/cache/apk/APKINDEX.tar.gz", 2 * MiB)]),
            new LayerContent(5, "RUN npm ci", [File("home/node/.npm/_cacache/x", 3 * MiB)]),
        };

        var advice = LayerWasteAnalyzer.Analyze("Dockerfile", layers);

        Assert.Equal(["PackageCacheInImage"], advice.Select(a => a.RuleId).Distinct());
        Assert.Equal([2, 4, 5], advice.Select(a => a.Line));
        Assert.Equal("20.0 MiB of apt package lists (/var/lib/apt/lists) ship in the image, 20.0 MiB of it from layer 2 (RUN at line 2)", advice[0].Message);
        Assert.StartsWith("end the same RUN with && rm -rf /var/lib/apt/lists/*, or use RUN --mount=type=cache,target=/var/lib/apt/lists", advice[0].Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Caches_deleted_in_their_own_layer_are_not_advised_and_skip_silences_both_rules()
    {
        var clean = new[] { Base(), new LayerContent(2, "RUN apt-get update && rm -rf /var/lib/apt/lists/*", [File("usr/bin/curl", 5 * MiB)]) };
        Assert.Empty(LayerWasteAnalyzer.Analyze("Dockerfile", clean));

        var untidy = new[]
        {
            Base(),
            new LayerContent(2, "RUN apt-get update", [File("var/lib/apt/lists/a", 20 * MiB), File("var/cache/apt/x.deb", 20 * MiB)]),
            new LayerContent(3, "RUN rm -rf /var/lib/apt/lists", [Whiteout("var/lib/apt/lists")]),
        };
        Assert.Equal(2, LayerWasteAnalyzer.Analyze("Dockerfile", untidy).Count);
        var check = DockerfileParser.Parse("# check=skip=WastedBytes,PackageCacheInImage\nFROM scratch\n").Directives.Check;
        Assert.Empty(LayerWasteAnalyzer.Analyze("Dockerfile", untidy, check));
    }
}
