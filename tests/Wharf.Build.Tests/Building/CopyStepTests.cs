using System.Formats.Tar;

namespace Wharf.Build.Tests.Building;

/// <summary>COPY and ADD: destinations, wildcards, .dockerignore, --chown/--chmod, base images from a layout,
/// ADD's archive unpacking and URLs, and sources that try to leave the context.</summary>
public sealed class CopyStepTests : IDisposable
{
    private readonly BuildWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public async Task Copy_follows_the_destination_rules_wildcards_and_dockerignore()
    {
        var context = _workspace.Context("copy", BuildWorkspace.BusyboxStage + """

            RUN echo "app:x:1001:1002::/:/bin/sh" >> /etc/passwd && echo "grp:x:1002:" >> /etc/group
            COPY *.txt /texts/
            COPY dir /copied-dir
            COPY one.txt /renamed.txt
            COPY --chown=app:grp --chmod=640 one.txt /owned/
            WORKDIR /work
            COPY two.txt .
            """, new Dictionary<string, string>
            {
                ["one.txt"] = "1", ["two.txt"] = "2", ["ignored.txt"] = "secret", ["dir/a"] = "a", ["dir/sub/b"] = "b", [".dockerignore"] = "ignored.txt\n",
            });

        var (result, _) = await _workspace.BuildAsync(context);

        var tree = await ImageTree.ReadAsync(result.Image);
        Assert.Contains("texts/one.txt", tree.Files.Keys);
        Assert.Contains("texts/two.txt", tree.Files.Keys);
        Assert.DoesNotContain("texts/ignored.txt", tree.Files.Keys);
        Assert.Contains("copied-dir/a", tree.Files.Keys);
        Assert.Contains("copied-dir/sub/b", tree.Files.Keys);
        Assert.Equal(TarEntryType.RegularFile, tree.Files["renamed.txt"].Type);
        Assert.Equal((1001, 1002, 0b110_100_000), (tree.Files["owned/one.txt"].Uid, tree.Files["owned/one.txt"].Gid, tree.Files["owned/one.txt"].Mode));
        Assert.Contains("work/two.txt", tree.Files.Keys);
    }

    [Fact]
    public async Task Heredoc_sources_become_files_with_their_bodies_expanded_owned_and_moded_as_asked()
    {
        var context = _workspace.Context("heredocs", BuildWorkspace.BusyboxStage + """

            RUN echo "app:x:1001:1002::/:/bin/sh" >> /etc/passwd && echo "grp:x:1002:" >> /etc/group
            ARG who=world
            WORKDIR /work
            COPY <<EOF greeting.txt
            hello ${who}
            EOF
            COPY <<one <<two sub/
            first
            one
            second
            two
            COPY --chmod=750 --chown=app:grp <<-"EOT" /bin/script.sh
            	#!/bin/sh
            	echo "hi $who"
            EOT
            ADD <<EOF /added.txt
            added by $who
            EOF
            RUN /bin/script.sh > /ran
            """);

        var (result, _) = await _workspace.BuildAsync(context, r => r with { BuildArgs = new Dictionary<string, string> { ["who"] = "there" } });

        var tree = await ImageTree.ReadAsync(result.Image);
        Assert.Equal(
            ["added.txt", "bin/script.sh", "etc", "etc/group", "etc/passwd", "ran", "work", "work/greeting.txt", "work/sub", "work/sub/one", "work/sub/two"],
            tree.Files.Keys.Where(k => !k.StartsWith("bin/", StringComparison.Ordinal) || k == "bin/script.sh").Where(k => k != "bin"));
        Assert.Equal("hello there\n", await RunStepTests.ReadFileAsync(result, "work/greeting.txt"));
        Assert.Equal((0, 0, 0b110_100_100), (tree.Files["work/greeting.txt"].Uid, tree.Files["work/greeting.txt"].Gid, tree.Files["work/greeting.txt"].Mode));
        Assert.Equal("first\n", await RunStepTests.ReadFileAsync(result, "work/sub/one"));
        Assert.Equal("second\n", await RunStepTests.ReadFileAsync(result, "work/sub/two"));
        Assert.Equal("#!/bin/sh\necho \"hi $who\"\n", await RunStepTests.ReadFileAsync(result, "bin/script.sh"));
        Assert.Equal((1001, 1002, 0b111_101_000), (tree.Files["bin/script.sh"].Uid, tree.Files["bin/script.sh"].Gid, tree.Files["bin/script.sh"].Mode));
        Assert.Equal("added by there\n", await RunStepTests.ReadFileAsync(result, "added.txt"));
        Assert.Equal("hi there\n", await RunStepTests.ReadFileAsync(result, "ran"));
    }

    [Fact]
    public async Task Copied_directories_keep_their_source_times_in_a_build_with_real_times()
    {
        var context = _workspace.Context("times", "FROM scratch\nCOPY tree /tree\n", new Dictionary<string, string> { ["tree/sub/deeper/file"] = "f" });
        var old = new DateTime(2020, 5, 6, 7, 8, 9, DateTimeKind.Utc);
        foreach (var directory in new[] { "tree/sub/deeper", "tree/sub", "tree" })
        {
            Directory.SetLastWriteTimeUtc(Path.Combine(context, directory), old);
        }

        var (result, _) = await _workspace.BuildAsync(context, r => r with { Reproducible = false });

        var tree = await ImageTree.ReadAsync(result.Image);
        Assert.All(["tree", "tree/sub", "tree/sub/deeper"], d => Assert.Equal(new DateTimeOffset(old), tree.Files[d].ModificationTime));
    }

    [Fact]
    public async Task Several_sources_need_a_directory_destination()
    {
        var context = _workspace.Context("many", "FROM scratch\nCOPY a.txt b.txt /file\n", new Dictionary<string, string> { ["a.txt"] = "a", ["b.txt"] = "b" });

        var failure = await Assert.ThrowsAsync<BuildFailedException>(() => _workspace.BuildAsync(context));

        Assert.Equal("Dockerfile:2: COPY: when using COPY with more than one source file, the destination must be a directory and end with a /", failure.Message);
    }

    [Fact]
    public async Task Sources_cannot_leave_the_context_through_dotdot_or_a_symbolic_link()
    {
        var outside = Path.Combine(_workspace.Root, "outside-secret.txt");
        await File.WriteAllTextAsync(outside, "host file", TestContext.Current.CancellationToken);
        var context = _workspace.Context("escape", "FROM scratch\nCOPY ../outside-secret.txt /a\nCOPY linkdir/ /c/\n");
        File.CreateSymbolicLink(Path.Combine(context, "linkdir"), "../../..");
        await File.WriteAllTextAsync(Path.Combine(context, "outside-secret.txt"), "inside", TestContext.Current.CancellationToken);

        var (result, _) = await _workspace.BuildAsync(context);

        // ../x is the context's own x, and a link resolves inside the context (docker's FollowSymlinkInScope).
        Assert.Equal("inside", await RunStepTests.ReadFileAsync(result, "a"));
        Assert.Equal("inside", await RunStepTests.ReadFileAsync(result, "c/outside-secret.txt"));
        var tree = await ImageTree.ReadAsync(result.Image);
        Assert.DoesNotContain(tree.Files.Values, f => f.ContentHash == Sha("host file"));
    }

    [Fact]
    public async Task A_link_to_a_host_path_is_not_followed_out_of_the_context()
    {
        var outside = Path.Combine(_workspace.Root, "outside-secret.txt");
        await File.WriteAllTextAsync(outside, "host file", TestContext.Current.CancellationToken);
        var context = _workspace.Context("escape-link", "FROM scratch\nCOPY link /b\n");
        File.CreateSymbolicLink(Path.Combine(context, "link"), outside);

        var failure = await Assert.ThrowsAsync<BuildFailedException>(() => _workspace.BuildAsync(context));

        Assert.Equal("Dockerfile:2: COPY: file not found in build context or excluded by .dockerignore: link", failure.Message);
    }

    [Fact]
    public async Task Add_unpacks_a_local_tar_archive_and_copies_other_files()
    {
        var context = _workspace.Context("add", BuildWorkspace.BusyboxStage + "\nADD bundle.tar.gz /opt/\nADD plain.txt /opt/plain.txt\n",
            new Dictionary<string, string> { ["plain.txt"] = "plain" });
        var staging = Directory.CreateDirectory(Path.Combine(_workspace.Root, "bundle")).FullName;
        await File.WriteAllTextAsync(Path.Combine(staging, "inside.txt"), "from the archive", TestContext.Current.CancellationToken);
        await ExternalTool.RunAsync("tar", "-czf", Path.Combine(context, "bundle.tar.gz"), "-C", staging, "inside.txt");

        var (result, _) = await _workspace.BuildAsync(context);

        Assert.Equal("from the archive", await RunStepTests.ReadFileAsync(result, "opt/inside.txt"));
        Assert.Equal("plain", await RunStepTests.ReadFileAsync(result, "opt/plain.txt"));
    }

    [Theory]
    [InlineData("bundle.tar.bz2", "-cjf")]
    [InlineData("bundle.tbz", "-cjf")]
    [InlineData("bundle.tar.xz", "-cJf")]
    [InlineData("bundle.txz", "-cJf")]
    public async Task Add_unpacks_bzip2_and_xz_tar_archives_with_their_owners_and_modes(string name, string create)
    {
        var context = _workspace.Context("add-" + name, $"FROM scratch\nADD {name} /opt/\n");
        var staging = Directory.CreateDirectory(Path.Combine(_workspace.Root, "staging-" + name)).FullName;
        Directory.CreateDirectory(Path.Combine(staging, "tool/bin"));
        await File.WriteAllTextAsync(Path.Combine(staging, "tool/bin/run"), "#!/bin/sh\n", TestContext.Current.CancellationToken);
        Wharf.Build.Native.LinuxFiles.Chmod(Path.Combine(staging, "tool/bin/run"), 0b111_101_000);
        await ExternalTool.RunAsync("tar", create, Path.Combine(context, name), "--owner=1234", "--group=5678", "--numeric-owner", "-C", staging, "tool");

        var (result, _) = await _workspace.BuildAsync(context);

        var tree = await ImageTree.ReadAsync(result.Image);
        Assert.Equal(["opt", "opt/tool", "opt/tool/bin", "opt/tool/bin/run"], tree.Files.Keys);
        var run = tree.Files["opt/tool/bin/run"];
        Assert.Equal((1234, 5678, 0b111_101_000), (run.Uid, run.Gid, run.Mode));
        Assert.Equal("#!/bin/sh\n", await RunStepTests.ReadFileAsync(result, "opt/tool/bin/run"));
    }

    [Fact]
    public async Task Add_copies_a_compressed_file_that_holds_no_tar_and_fails_on_a_damaged_archive_in_one_line()
    {
        var context = _workspace.Context("add-plain-xz", "FROM scratch\nADD notes.txt.xz notes.txt.bz2 /opt/\n", new Dictionary<string, string> { ["notes.txt"] = "just text\n" });
        await ExternalTool.RunAsync("xz", "-k", Path.Combine(context, "notes.txt"));
        await ExternalTool.RunAsync("bzip2", "-k", Path.Combine(context, "notes.txt"));
        var staging = Directory.CreateDirectory(Path.Combine(_workspace.Root, "damaged")).FullName;
        await File.WriteAllBytesAsync(Path.Combine(staging, "big"), System.Security.Cryptography.RandomNumberGenerator.GetBytes(200_000), TestContext.Current.CancellationToken);
        var damagedContext = _workspace.Context("add-damaged", "FROM scratch\nADD damaged.tar.xz /opt/\n");
        var archive = Path.Combine(damagedContext, "damaged.tar.xz");
        await ExternalTool.RunAsync("tar", "-cJf", archive, "-C", staging, "big");
        var bytes = await File.ReadAllBytesAsync(archive, TestContext.Current.CancellationToken);
        await File.WriteAllBytesAsync(archive, bytes[..(bytes.Length / 2)], TestContext.Current.CancellationToken);

        var (result, _) = await _workspace.BuildAsync(context);
        var failure = await Assert.ThrowsAsync<BuildFailedException>(() => _workspace.BuildAsync(damagedContext));

        var tree = await ImageTree.ReadAsync(result.Image);
        Assert.Equal(["opt", "opt/notes.txt.bz2", "opt/notes.txt.xz"], tree.Files.Keys);
        foreach (var name in new[] { "notes.txt.xz", "notes.txt.bz2" })
        {
            var bytesInContext = await File.ReadAllBytesAsync(Path.Combine(context, name), TestContext.Current.CancellationToken);
            Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytesInContext)), tree.Files["opt/" + name].ContentHash);
        }

        Assert.Equal("Dockerfile:2: ADD: cannot unpack damaged.tar.xz: its compressed data is damaged (Data Error)", failure.Message);
    }

    [Fact]
    public async Task Add_fetches_a_url_and_checks_its_checksum()
    {
        using var server = new OneShotHttpServer("downloaded body"u8.ToArray());
        var digest = "sha256:" + Sha("downloaded body");
        var context = _workspace.Context("url", $"FROM scratch\nADD --checksum={digest} {server.Url("files/thing.txt")} /dl/\n");

        var (result, _) = await _workspace.BuildAsync(context);
        await server.Served;

        Assert.Equal("downloaded body", await RunStepTests.ReadFileAsync(result, "dl/thing.txt"));
        var tree = await ImageTree.ReadAsync(result.Image);
        Assert.Equal(0b110_000_000, tree.Files["dl/thing.txt"].Mode);
    }

    /// <summary>As docker's builder does: the URL is fetched on every build, and the step is cached when what it fetched
    /// is what it fetched before, so the steps after it are cached too.</summary>
    [Fact]
    public async Task Add_of_a_url_is_cached_while_its_content_stays_the_same()
    {
        using var server = OneShotHttpServer.Serving("one"u8.ToArray(), "one"u8.ToArray(), "two"u8.ToArray());
        var context = _workspace.Context("url-cache", $"FROM scratch\nADD {server.Url("files/thing.txt")} /dl/\nCOPY Dockerfile /after\n");

        var (first, _) = await _workspace.BuildAsync(context);
        var (same, sameLog) = await _workspace.BuildAsync(context);
        var (changed, changedLog) = await _workspace.BuildAsync(context);
        await server.Served;

        Assert.True(sameLog.Lines.Count(l => l == " ---> cached") == 2, string.Join("\n", sameLog.Lines));
        Assert.Equal(first.ManifestDigest, same.ManifestDigest);
        Assert.DoesNotContain(" ---> cached", changedLog.Lines);
        Assert.Equal("two", await RunStepTests.ReadFileAsync(changed, "dl/thing.txt"));
    }

    [Theory]
    [InlineData("sha384")]
    [InlineData("sha512")]
    public async Task Add_checks_a_sha384_or_sha512_checksum_with_that_algorithm(string algorithm)
    {
        var body = "downloaded body"u8.ToArray();
        var hex = Convert.ToHexStringLower(algorithm == "sha384" ? System.Security.Cryptography.SHA384.HashData(body) : System.Security.Cryptography.SHA512.HashData(body));
        using var good = new OneShotHttpServer(body);
        using var bad = new OneShotHttpServer("something else"u8.ToArray());
        var matching = _workspace.Context($"{algorithm}-good", $"FROM scratch\nADD --checksum={algorithm}:{hex} {good.Url("files/thing.txt")} /dl/\n");
        var differing = _workspace.Context($"{algorithm}-bad", $"FROM scratch\nADD --checksum={algorithm}:{hex} {bad.Url("files/thing.txt")} /dl/\n");

        var (result, _) = await _workspace.BuildAsync(matching);
        var failure = await Assert.ThrowsAsync<BuildFailedException>(() => _workspace.BuildAsync(differing));

        Assert.Equal("downloaded body", await RunStepTests.ReadFileAsync(result, "dl/thing.txt"));
        Assert.StartsWith($"Dockerfile:2: ADD: {bad.Url("files/thing.txt")}: the content's digest is {algorithm}:", failure.Message, StringComparison.Ordinal);
        Assert.EndsWith($", not {algorithm}:{hex}", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_base_image_from_an_oci_layout_is_unpacked_and_built_on()
    {
        var baseContext = _workspace.Context("base", BuildWorkspace.BusyboxStage + "\nRUN mkdir -p /etc && echo base > /etc/base-marker && rm /bin/ls\nENV FROM_BASE=yes\n");
        var (built, _) = await _workspace.BuildAsync(baseContext);
        var layout = Path.Combine(_workspace.Root, "layout");
        await using (var destination = await Wharf.Oci.Layout.FileImageTransports.OpenDestinationAsync(Wharf.Oci.Images.ImageReference.Parse($"oci:{layout}:base"), CancellationToken.None))
        {
            await new Wharf.Oci.Images.ImageCopier().CopyAsync(built.Image, destination, new Wharf.Oci.Images.CopyOptions(), CancellationToken.None);
        }

        using var fresh = new BuildWorkspace(); // a second state directory: the base must come from the layout, unpacked
        var context = fresh.Context("child", $"FROM oci:{layout}:base\nRUN cat /etc/base-marker > /child && echo $FROM_BASE >> /child && (ls /bin/ls 2>/dev/null || echo no-ls >> /child)\n");

        var (child, _) = await fresh.BuildAsync(context);

        Assert.Equal("base\nyes\nno-ls\n", await RunStepTests.ReadFileAsync(child, "child"));
    }

    private static string Sha(string text) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
}
