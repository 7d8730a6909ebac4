namespace Wharf.Server.Tests.Cluster;

/// <summary>The files of docs/deploy/ that the cluster test cannot run as a whole: the systemd unit (the test machine's
/// init is no systemd) is checked by systemd's own verifier, and its command line is the one the nodes are started with.</summary>
public sealed class DeployFilesTests
{
    [Fact]
    public async Task The_systemd_unit_verifies_and_starts_wharf_serve_with_the_environment_file()
    {
        var verify = await ExternalTool.RunAsync(ExternalTool.Require("systemd-analyze"), ["verify", DeployFiles.WharfUnit], ct: TestContext.Current.CancellationToken);

        // The one complaint a machine without Wharf installed under /opt must have; anything else is a mistake in the unit.
        var complaints = verify.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(
            complaints.All(line => line == "wharf.service: Command /opt/wharf/wharf is not executable: No such file or directory"),
            verify.Describe());
        // ClusterNode starts each node as `wharf serve --listen … --data-dir …`, the listen address being WHARF_urls.
        Assert.Equal(["/opt/wharf/wharf", "serve", "--data-dir", "/var/lib/wharf"], DeployFiles.ExecStart());
        Assert.Contains("EnvironmentFile=/etc/wharf/wharf.env", File.ReadAllLines(DeployFiles.WharfUnit));
    }
}
