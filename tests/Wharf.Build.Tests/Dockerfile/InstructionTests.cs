using Wharf.Build.Dockerfile;
using Wharf.Build.Dockerfile.Instructions;

namespace Wharf.Build.Tests.Dockerfile;

public sealed class InstructionTests
{
    private static T Only<T>(string instruction) =>
        Assert.IsType<T>(Assert.Single(DockerfileParser.Parse("FROM scratch\n" + instruction + "\n").Stages[0].Instructions));

    [Fact]
    public void FROM_keeps_the_reference_as_text_with_platform_and_lower_cased_stage_name()
    {
        var from = DockerfileParser.Parse("FROM --platform=$BUILDPLATFORM golang:1.22@sha256:abc AS Build\n").Stages[0].From;
        Assert.Equal("golang:1.22@sha256:abc", from.BaseName);
        Assert.Equal("build", from.StageName);
        Assert.Equal("$BUILDPLATFORM", from.Platform);
    }

    [Fact]
    public void FROM_scratch_is_recognised()
    {
        Assert.True(DockerfileParser.Parse("FROM SCRATCH\n").Stages[0].From.IsScratch);
    }

    [Fact]
    public void RUN_shell_and_exec_forms()
    {
        var shell = Only<RunInstruction>("RUN echo hello").Command;
        Assert.True(shell.IsShellForm);
        Assert.Equal(["echo hello"], shell.Arguments);
        var exec = Only<RunInstruction>("RUN [\"/bin/bash\", \"-c\", \"echo hello\"]").Command;
        Assert.False(exec.IsShellForm);
        Assert.Equal(["/bin/bash", "-c", "echo hello"], exec.Arguments);
    }

    [Theory]
    [InlineData("RUN ['echo', 'single quotes are not JSON']")]
    [InlineData("RUN [\"echo\", \"unterminated\"")]
    [InlineData("RUN [\"a\"] trailing")]
    public void Invalid_JSON_falls_back_to_shell_form(string line)
    {
        var run = Only<RunInstruction>(line);
        Assert.True(run.Command.IsShellForm);
        Assert.Equal(line[4..], run.Command.Arguments[0]);
    }

    [Fact]
    public void A_JSON_array_of_non_strings_is_refused()
    {
        var e = Assert.Throws<DockerfileException>(() => DockerfileParser.Parse("FROM scratch\nCMD [\"a\", 1]\n"));
        Assert.Equal("Dockerfile:2: CMD: when using JSON array syntax, arrays must be comprised of strings only", e.Message);
    }

    [Fact]
    public void RUN_mounts_network_and_security()
    {
        var run = Only<RunInstruction>(
            "RUN --mount=type=cache,target=/root/.cache,sharing=locked --mount=type=secret,id=npmrc,required " +
            "--mount=type=bind,from=build,source=/out,target=/in --mount=type=tmpfs,target=/tmp,size=64m " +
            "--mount=type=ssh --network=none --security=insecure make");
        Assert.Equal("make", run.Command.Arguments[0]);
        Assert.Equal(RunNetwork.None, run.Network);
        Assert.Equal(RunSecurity.Insecure, run.Security);
        Assert.Equal([RunMountType.Cache, RunMountType.Secret, RunMountType.Bind, RunMountType.Tmpfs, RunMountType.Ssh], run.Mounts.Select(m => m.Type));
        Assert.Equal(CacheSharing.Locked, run.Mounts[0].Sharing);
        Assert.False(run.Mounts[0].ReadOnly);
        Assert.True(run.Mounts[1].Required);
        Assert.Equal("npmrc", run.Mounts[1].Id);
        Assert.Equal(("build", "/out", "/in", true), (run.Mounts[2].From, run.Mounts[2].Source, run.Mounts[2].Target, run.Mounts[2].ReadOnly));
        Assert.Equal(64L << 20, run.Mounts[3].SizeLimit);
    }

    [Fact]
    public void A_bind_mount_is_read_only_unless_rw()
    {
        var run = Only<RunInstruction>("RUN --mount=target=/src,rw --mount=type=cache,target=/c,mode=0755,uid=1000,gid=1000 true");
        Assert.Equal(RunMountType.Bind, run.Mounts[0].Type);
        Assert.False(run.Mounts[0].ReadOnly);
        Assert.Equal((493u, 1000u, 1000u), (run.Mounts[1].Mode!.Value, run.Mounts[1].Uid!.Value, run.Mounts[1].Gid!.Value));
    }

    [Fact]
    public void CMD_and_ENTRYPOINT_keep_both_forms()
    {
        Assert.True(Only<CmdInstruction>("CMD echo $HOME").Command.IsShellForm);
        Assert.Equal(["top", "-b"], Only<EntrypointInstruction>("ENTRYPOINT [\"top\", \"-b\"]").Command.Arguments);
        Assert.Empty(Only<EntrypointInstruction>("ENTRYPOINT []").Command.Arguments);
    }

    [Fact]
    public void LABEL_takes_several_pairs_with_quotes_kept_until_substitution()
    {
        var label = Only<LabelInstruction>("LABEL \"com.example.vendor\"=\"ACME Incorporated\" version=1.0 description=\"This text \\\nillustrates\"");
        Assert.Equal(["\"com.example.vendor\"", "version", "description"], label.Labels.Select(l => l.Key));
        Assert.Equal("\"ACME Incorporated\"", label.Labels[0].Value);
    }

    [Fact]
    public void ENV_pairs_and_the_legacy_form()
    {
        var pairs = Only<EnvInstruction>("ENV MY_NAME=\"John Doe\" MY_DOG=Rex\\ The\\ Dog MY_CAT=fluffy");
        Assert.Equal(["MY_NAME", "MY_DOG", "MY_CAT"], pairs.Variables.Select(v => v.Key));
        Assert.Equal("Rex\\ The\\ Dog", pairs.Variables[1].Value);

        var legacy = Only<EnvInstruction>("ENV MY_VAR my-value with spaces");
        Assert.Equal(new KeyValue("MY_VAR", "my-value with spaces"), Assert.Single(legacy.Variables));
    }

    [Fact]
    public void EXPOSE_keeps_ports_and_protocols()
    {
        Assert.Equal(["80/tcp", "80/udp", "8080"], Only<ExposeInstruction>("EXPOSE 80/tcp 80/udp 8080").Ports);
    }

    [Fact]
    public void ADD_flags()
    {
        var add = Only<AddInstruction>(
            "ADD --chown=55:mygroup --chmod=644 --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d " +
            "--keep-git-dir --link --exclude=*.md https://example.com/a.tar.gz /dest/");
        Assert.Equal(["https://example.com/a.tar.gz"], add.Sources);
        Assert.Equal("/dest/", add.Destination);
        Assert.Equal(("55:mygroup", "644"), (add.Chown, add.Chmod));
        Assert.StartsWith("sha256:2445", add.Checksum, StringComparison.Ordinal);
        Assert.Equal((true, true), (add.KeepGitDir, add.Link));
        Assert.Null(add.Unpack);
        Assert.Equal(["*.md"], add.Excludes);
    }

    [Fact]
    public void COPY_flags_with_repeatable_exclude()
    {
        var copy = Only<CopyInstruction>("COPY --from=build --chown=bin --chmod=u=rwx,go=rx --link --parents --exclude=*.txt --exclude=tmp/ a b /dest/");
        Assert.Equal(["a", "b"], copy.Sources);
        Assert.Equal("build", copy.From);
        Assert.Equal("u=rwx,go=rx", copy.Chmod);
        Assert.True(copy.Link && copy.Parents);
        Assert.Equal(["*.txt", "tmp/"], copy.Excludes);
    }

    [Fact]
    public void COPY_in_JSON_form_allows_spaces_in_paths()
    {
        var copy = Only<CopyInstruction>("COPY [\"my file.txt\", \"/dest dir/\"]");
        Assert.Equal(["my file.txt"], copy.Sources);
        Assert.Equal("/dest dir/", copy.Destination);
    }

    [Fact]
    public void Boolean_flags_take_false()
    {
        Assert.False(Only<CopyInstruction>("COPY --link=false a b").Link);
    }

    [Fact]
    public void VOLUME_in_both_forms()
    {
        Assert.Equal(["/var/log", "/var/db"], Only<VolumeInstruction>("VOLUME [\"/var/log\", \"/var/db\"]").Paths);
        Assert.Equal(["/var/log", "/var/db"], Only<VolumeInstruction>("VOLUME /var/log /var/db").Paths);
    }

    [Fact]
    public void USER_splits_user_and_group()
    {
        var user = Only<UserInstruction>("USER patrick:staff");
        Assert.Equal(("patrick", "staff"), (user.Name, user.Group));
        Assert.Null(Only<UserInstruction>("USER 1000").Group);
    }

    [Fact]
    public void WORKDIR_STOPSIGNAL_MAINTAINER_take_the_rest_of_the_line()
    {
        Assert.Equal("/path/to/workdir", Only<WorkdirInstruction>("WORKDIR /path/to/workdir").Path);
        Assert.Equal("SIGKILL", Only<StopSignalInstruction>("STOPSIGNAL SIGKILL").Signal);
        Assert.Equal("Jane Doe <jane@example.com>", Only<MaintainerInstruction>("MAINTAINER Jane Doe <jane@example.com>").Maintainer);
    }

    [Fact]
    public void ONBUILD_parses_its_trigger()
    {
        var onbuild = Only<OnbuildInstruction>("ONBUILD ADD . /app/src");
        Assert.Equal("ADD . /app/src", onbuild.Expression);
        Assert.Equal("/app/src", Assert.IsType<AddInstruction>(onbuild.Trigger).Destination);
    }

    [Fact]
    public void HEALTHCHECK_NONE_and_CMD_with_every_flag()
    {
        Assert.Equal(["NONE"], Only<HealthcheckInstruction>("HEALTHCHECK NONE").Test);
        var check = Only<HealthcheckInstruction>(
            "HEALTHCHECK --interval=5m --timeout=3s --start-period=1m30s --start-interval=500ms --retries=3 CMD curl -f http://localhost/ || exit 1");
        Assert.Equal(["CMD-SHELL", "curl -f http://localhost/ || exit 1"], check.Test);
        Assert.Equal(TimeSpan.FromMinutes(5), check.Interval);
        Assert.Equal(TimeSpan.FromSeconds(3), check.Timeout);
        Assert.Equal(TimeSpan.FromSeconds(90), check.StartPeriod);
        Assert.Equal(TimeSpan.FromMilliseconds(500), check.StartInterval);
        Assert.Equal(3, check.Retries);
        Assert.Equal(["CMD", "/bin/check", "-q"], Only<HealthcheckInstruction>("HEALTHCHECK CMD [\"/bin/check\", \"-q\"]").Test);
    }

    [Fact]
    public void SHELL_takes_JSON()
    {
        Assert.Equal(["powershell", "-command"], Only<ShellInstruction>("SHELL [\"powershell\", \"-command\"]").Shell);
    }

    [Fact]
    public void ARG_with_and_without_defaults()
    {
        var arg = Only<ArgInstruction>("ARG user1=someuser buildno");
        Assert.Equal([new ArgDeclaration("user1", "someuser"), new ArgDeclaration("buildno", null)], arg.Args);
    }

    [Fact]
    public void ARGs_before_the_first_FROM_are_global()
    {
        var parsed = DockerfileParser.Parse("ARG CODE_VERSION=latest\nFROM base:${CODE_VERSION}\nARG CODE_VERSION\n");
        Assert.Equal("CODE_VERSION", Assert.Single(Assert.Single(parsed.GlobalArgs).Args).Name);
        Assert.IsType<ArgInstruction>(Assert.Single(parsed.Stages[0].Instructions));
    }
}
