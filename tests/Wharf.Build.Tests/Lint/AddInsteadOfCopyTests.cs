namespace Wharf.Build.Tests.Lint;

public sealed class AddInsteadOfCopyTests
{
    private const string Rule = "AddInsteadOfCopy";

    [Theory]
    [InlineData("ADD . /app")]
    [InlineData("ADD --chown=1000:1000 config.yml entrypoint.sh /etc/app/")]
    [InlineData("ADD <<EOF /etc/motd\nhello\nEOF")]
    public void ADD_of_plain_local_files_is_advised(string add) =>
        Assert.Equal([2], Linted.Lines(Rule, "FROM scratch\n" + add + "\n"));

    [Theory]
    [InlineData("ADD rootfs.tar.gz /")]
    [InlineData("ADD app.tgz release.tar.xz /opt/")]
    [InlineData("ADD https://example.com/tool /usr/local/bin/tool")]
    [InlineData("ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/x.bin /x")]
    [InlineData("ADD git@github.com:moby/buildkit.git /src")]
    [InlineData("ADD --keep-git-dir=true https://github.com/moby/buildkit.git#v0.12 /src")]
    [InlineData("ADD $ARCHIVE /opt/")]
    [InlineData("COPY . /app")]
    public void ADD_doing_what_only_ADD_does_is_not_advised(string add) =>
        Assert.Empty(Linted.By(Rule, "FROM scratch\n" + add + "\n"));
}
