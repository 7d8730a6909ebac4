using System.Text.RegularExpressions;
using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.Cluster;

/// <summary>The files of docs/deploy/ as documents: docs/deploy.md shows each exactly, and the systemd unit, which the
/// cluster test cannot run (the test machine's init is no systemd), is checked by systemd's own verifier and starts the
/// command the nodes are started with.</summary>
public sealed partial class DeployFilesTests
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

    [Fact]
    public void Deploy_md_shows_every_file_the_cluster_runs_exactly_as_it_is()
    {
        var document = File.ReadAllText(Path.Combine(SourceTree.Root, "docs", "deploy.md"));
        var blocks = FencedBlock().Matches(document).Select(m => m.Groups["body"].Value).ToList();

        foreach (var file in System.IO.Directory.GetFiles(DeployFiles.Directory))
        {
            var content = File.ReadAllText(file);
            Assert.True(blocks.Contains(content), $"docs/deploy.md has no code block holding {Path.GetFileName(file)} as it is");
        }
    }

    [GeneratedRegex("^```[a-z]*\n(?<body>.*?\n)```$", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex FencedBlock();
}
