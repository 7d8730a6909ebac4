namespace Wharf.Build.Tests.Building;

/// <summary>RUN's entitlements, as BuildKit's: <c>--security=insecure</c> and <c>--network=host</c> run only when the
/// build is granted security.insecure or network.host (<c>wharf build --allow</c>) by a builder that may grant them;
/// an insecure step has the builder's own capabilities and no read-only /proc paths, a sandboxed one docker's
/// default set.</summary>
public sealed class RunSecurityTests : IDisposable
{
    /// <summary>docker's default capabilities as a CapEff mask (moby oci/caps/defaults.go).</summary>
    private const string DockerDefaultCapabilities = "00000000a80425fb";

    private readonly BuildWorkspace _workspace = new(adjust: o => o with { AllowedEntitlements = BuildEntitlements.NetworkHost | BuildEntitlements.SecurityInsecure });

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public async Task An_insecure_step_granted_security_insecure_has_every_capability_of_the_builder_and_can_mount()
    {
        var context = _workspace.Context("insecure", BuildWorkspace.BusyboxStage + """

            RUN grep CapEff /proc/self/status | cut -f2 > /sandboxed-caps; (grep -c ' /proc/sys ' /proc/mounts || true) > /sandboxed-ro-sys
            RUN --security=insecure grep CapEff /proc/self/status | cut -f2 > /insecure-caps && (grep -c ' /proc/sys ' /proc/mounts || true) > /insecure-ro-sys && mkdir /mnt && mount -t tmpfs none /mnt && echo mounted > /mounted
            """);

        var (result, _) = await _workspace.BuildAsync(context, r => r with { Entitlements = BuildEntitlements.SecurityInsecure });

        var builderCapabilities = File.ReadLines("/proc/self/status").Single(l => l.StartsWith("CapEff:", StringComparison.Ordinal))["CapEff:".Length..].Trim();
        Assert.Equal(DockerDefaultCapabilities + "\n", await RunStepTests.ReadFileAsync(result, "sandboxed-caps"));
        Assert.Equal(builderCapabilities + "\n", await RunStepTests.ReadFileAsync(result, "insecure-caps"));
        Assert.Equal("1\n", await RunStepTests.ReadFileAsync(result, "sandboxed-ro-sys"));
        Assert.Equal("0\n", await RunStepTests.ReadFileAsync(result, "insecure-ro-sys"));
        Assert.Equal("mounted\n", await RunStepTests.ReadFileAsync(result, "mounted"));
    }

    [Fact]
    public async Task A_sandboxed_step_cannot_mount()
    {
        var context = _workspace.Context("sandboxed", BuildWorkspace.BusyboxStage + "\nRUN mkdir /mnt && mount -t tmpfs none /mnt\n");

        var failure = await Assert.ThrowsAsync<BuildFailedException>(() => _workspace.BuildAsync(context, r => r with { Entitlements = BuildEntitlements.SecurityInsecure }));

        Assert.Equal("Dockerfile:4: RUN: the command /bin/sh -c mkdir /mnt && mount -t tmpfs none /mnt exited with code 1", failure.Message);
    }

    [Fact]
    public async Task An_insecure_step_without_the_entitlement_fails_naming_the_flag_that_grants_it()
    {
        var context = _workspace.Context("not-granted", BuildWorkspace.BusyboxStage + "\nRUN --security=insecure true\n");

        var failure = await Assert.ThrowsAsync<BuildFailedException>(() => _workspace.BuildAsync(context));

        Assert.Equal("Dockerfile:4: RUN: security.insecure is not allowed: grant it with wharf build --allow security.insecure", failure.Message);
    }

    [Fact]
    public async Task A_host_network_step_needs_network_host_and_then_sees_the_hosts_interfaces()
    {
        var context = _workspace.Context("host-network", BuildWorkspace.BusyboxStage + "\nRUN --network=host cut -d: -f1 /proc/net/dev | tail -n +3 | tr -d ' ' | sort > /interfaces\n");

        var refused = await Assert.ThrowsAsync<BuildFailedException>(() => _workspace.BuildAsync(context));
        var (result, _) = await _workspace.BuildAsync(context, r => r with { Entitlements = BuildEntitlements.NetworkHost });

        Assert.Equal("Dockerfile:4: RUN: network.host is not allowed: grant it with wharf build --allow network.host", refused.Message);
        var hostInterfaces = File.ReadLines("/proc/net/dev").Skip(2).Select(l => l.Split(':')[0].Trim()).Order(StringComparer.Ordinal);
        Assert.Equal(string.Concat(hostInterfaces.Select(i => i + "\n")), await RunStepTests.ReadFileAsync(result, "interfaces"));
    }

    [Fact]
    public async Task A_builder_that_allows_no_entitlement_refuses_a_request_for_one_and_an_insecure_step()
    {
        using var server = new BuildWorkspace();
        var context = server.Context("server", BuildWorkspace.BusyboxStage + "\nRUN --security=insecure true\n");

        var asked = await Assert.ThrowsAsync<BuildFailedException>(() => server.BuildAsync(context, r => r with { Entitlements = BuildEntitlements.SecurityInsecure }));
        var step = await Assert.ThrowsAsync<BuildFailedException>(() => server.BuildAsync(context));

        Assert.Equal("granting entitlement security.insecure is not allowed by this builder", asked.Message);
        Assert.Equal("Dockerfile:4: RUN: security.insecure is not allowed: this builder never grants it", step.Message);
    }
}
