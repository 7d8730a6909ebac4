using System.Globalization;
using System.Text.Json.Nodes;

namespace Wharf.Build.Execution;

/// <summary><c>RUN --security=insecure</c>: BuildKit's insecure mode (util/entitlements/security, executor/oci) over
/// the sandboxed config <see cref="RuncConfig"/> makes. Every capability the builder holds, in every set and for any
/// user (ambient too); no masked or read-only /proc paths; /sys writable; every character and block device allowed by
/// the device cgroup; and, outside a user namespace, the device nodes BuildKit adds (kmsg, fuse, cuse, kvm, tun,
/// loop-control and loop0–7). The sandboxed config has no seccomp or AppArmor profile, so there is none to drop.</summary>
internal static class InsecureRunConfig
{
    /// <summary>The nodes BuildKit's insecure mode adds: path, type, major, minor.</summary>
    private static readonly (string Path, string Type, int Major, int Minor)[] Devices =
    [
        ("/dev/kmsg", "c", 1, 11), ("/dev/cuse", "c", 10, 203), ("/dev/fuse", "c", 10, 229), ("/dev/kvm", "c", 10, 232),
        ("/dev/net/tun", "c", 10, 200), ("/dev/loop-control", "c", 10, 237),
    ];

    /// <summary>Loop devices made: BuildKit makes the first free one and seven more, and from loop0 up when it cannot
    /// ask /dev/loop-control which is free; these are the latter.</summary>
    private const int LoopDevices = 8;

    public static void Apply(JsonObject config)
    {
        var capabilities = LinuxCapabilities.Current;
        var process = config["process"]!.AsObject();
        process["capabilities"] = new JsonObject
        {
            ["bounding"] = Strings(capabilities),
            ["effective"] = Strings(capabilities),
            ["permitted"] = Strings(capabilities),
            ["inheritable"] = Strings(capabilities),
            ["ambient"] = Strings(capabilities),
        };

        var linux = config["linux"]!.AsObject();
        linux["maskedPaths"] = new JsonArray();
        linux["readonlyPaths"] = new JsonArray();
        linux["resources"]!["devices"] = new JsonArray(
            new JsonObject { ["allow"] = true, ["type"] = "c", ["access"] = "rwm" },
            new JsonObject { ["allow"] = true, ["type"] = "b", ["access"] = "rwm" });
        if (!InUserNamespace())
        {
            var devices = new JsonArray();
            foreach (var (path, type, major, minor) in Devices)
            {
                devices.Add((JsonNode)Device(path, type, major, minor));
            }

            for (var loop = 0; loop < LoopDevices; loop++)
            {
                devices.Add((JsonNode)Device($"/dev/loop{loop.ToString(CultureInfo.InvariantCulture)}", "b", 7, loop));
            }

            linux["devices"] = devices;
        }

        foreach (var mount in config["mounts"]!.AsArray())
        {
            if (mount!["destination"]!.GetValue<string>() == "/sys")
            {
                mount["options"] = new JsonArray([.. mount["options"]!.AsArray().Where(o => o!.GetValue<string>() != "ro").Select(o => (JsonNode)o!.GetValue<string>())]);
            }
        }
    }

    /// <summary>Whether this process runs in a user namespace, where a device node cannot be made (moby/sys/userns:
    /// anything but the initial namespace's full uid map).</summary>
    private static bool InUserNamespace()
    {
        var map = File.Exists("/proc/self/uid_map") ? File.ReadAllText("/proc/self/uid_map").Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries) : [];
        return map is not ["0", "0", "4294967295"];
    }

    private static JsonObject Device(string path, string type, int major, int minor) => new()
    {
        ["path"] = path,
        ["type"] = type,
        ["major"] = major,
        ["minor"] = minor,
    };

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)v)]);
}
