using System.Text.Json.Nodes;

namespace Wharf.Build.Execution;

/// <summary>The OCI runtime config (runtime-spec config.md) of one RUN step: namespaces for everything (the network
/// one is a prepared namespace with only loopback, unless the step asked for the host's), docker's default
/// capabilities, its masked and read-only /proc paths, the standard /proc, /dev, /sys mounts, the build's own
/// /etc/hosts, /etc/resolv.conf and /etc/hostname bound over the image's, and cgroup limits on memory and
/// processes. <c>RUN --security=insecure</c> lifts the sandbox's limits (<see cref="InsecureRunConfig"/>).</summary>
internal static class RuncConfig
{
    public const string Hostname = "wharf-build";

    /// <summary>docker's default capability set (moby oci/caps/defaults.go), which RUN steps are written against.</summary>
    private static readonly string[] Capabilities =
    [
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID",
        "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE",
    ];

    private static readonly string[] MaskedPaths =
    [
        "/proc/asound", "/proc/acpi", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list",
        "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi", "/sys/firmware", "/sys/devices/virtual/powercap",
    ];

    private static readonly string[] ReadonlyPaths =
        ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"];

    public static JsonObject Create(string rootPath, RunSpec spec, string etcDirectory, string? networkNamespace, string cgroupsPath, BuilderOptions options)
    {
        var namespaces = new JsonArray(
            Namespace("pid"), Namespace("ipc"), Namespace("uts"), Namespace("mount"));
        if (!spec.HostNetwork)
        {
            var network = Namespace("network");
            if (networkNamespace is not null)
            {
                network["path"] = networkNamespace;
            }

            namespaces.Add((JsonNode)network);
        }

        var resources = new JsonObject
        {
            ["devices"] = new JsonArray(new JsonObject { ["allow"] = false, ["access"] = "rwm" }),
        };
        if (options.MemoryLimitBytes is { } memory)
        {
            resources["memory"] = new JsonObject { ["limit"] = memory, ["swap"] = memory };
        }

        if (options.ProcessLimit is { } pids)
        {
            resources["pids"] = new JsonObject { ["limit"] = pids };
        }

        var mounts = new JsonArray(
            Mount("/proc", "proc", "proc", "nosuid", "noexec", "nodev"),
            Mount("/dev", "tmpfs", "tmpfs", "nosuid", "strictatime", "mode=755", "size=65536k"),
            Mount("/dev/pts", "devpts", "devpts", "nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"),
            Mount("/dev/shm", "tmpfs", "shm", "nosuid", "noexec", "nodev", "mode=1777", "size=65536k"),
            Mount("/dev/mqueue", "mqueue", "mqueue", "nosuid", "noexec", "nodev"),
            Mount("/sys", "sysfs", "sysfs", "nosuid", "noexec", "nodev", "ro"),
            Mount("/etc/resolv.conf", "bind", Path.Combine(etcDirectory, "resolv.conf"), "rbind", "ro"),
            Mount("/etc/hosts", "bind", Path.Combine(etcDirectory, "hosts"), "rbind", "ro"),
            Mount("/etc/hostname", "bind", Path.Combine(etcDirectory, "hostname"), "rbind", "ro"));
        foreach (var mount in spec.Mounts)
        {
            mounts.Add((JsonNode)Mount(mount.Destination, mount.Type, mount.Source, [.. mount.Options]));
        }

        var config = new JsonObject
        {
            ["ociVersion"] = "1.0.2",
            ["process"] = new JsonObject
            {
                ["terminal"] = false,
                ["user"] = new JsonObject
                {
                    ["uid"] = spec.User.Uid,
                    ["gid"] = spec.User.Gid,
                    ["additionalGids"] = new JsonArray([.. spec.User.AdditionalGids.Select(g => (JsonNode)g)]),
                },
                ["args"] = Strings(spec.Args),
                ["env"] = Strings(spec.Env),
                ["cwd"] = spec.WorkingDirectory,
                ["capabilities"] = new JsonObject
                {
                    ["bounding"] = Strings(Capabilities),
                    // As docker: a non-root user holds none of them unless a file capability grants it.
                    ["effective"] = Strings(spec.User.Uid == 0 ? Capabilities : []),
                    ["permitted"] = Strings(spec.User.Uid == 0 ? Capabilities : []),
                },
                ["noNewPrivileges"] = false,
            },
            ["root"] = new JsonObject { ["path"] = rootPath, ["readonly"] = false },
            ["hostname"] = Hostname,
            ["mounts"] = mounts,
            ["linux"] = new JsonObject
            {
                ["namespaces"] = namespaces,
                ["resources"] = resources,
                ["cgroupsPath"] = cgroupsPath,
                ["maskedPaths"] = Strings(MaskedPaths),
                ["readonlyPaths"] = Strings(ReadonlyPaths),
            },
        };
        if (spec.Insecure)
        {
            InsecureRunConfig.Apply(config);
        }

        return config;
    }

    private static JsonObject Namespace(string type) => new() { ["type"] = type };

    private static JsonObject Mount(string destination, string type, string source, params string[] options) => new()
    {
        ["destination"] = destination,
        ["type"] = type,
        ["source"] = source,
        ["options"] = Strings(options),
    };

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)v)]);
}
