using System.Globalization;

namespace Wharf.Build.Execution;

/// <summary>The capabilities the builder process holds (its effective set in /proc/self/status), by name: what an
/// insecure RUN gets, as BuildKit's insecure mode gives the builder's own set (containerd's <c>cap.Current</c>).</summary>
internal static class LinuxCapabilities
{
    /// <summary>Names by bit number (linux/capability.h); a bit past the end is a capability this list does not know
    /// and runc could not name, so it is left out.</summary>
    private static readonly string[] Names =
    [
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL", "CAP_SETGID",
        "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN",
        "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT",
        "CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE", "CAP_SYS_RESOURCE",
        "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE", "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL",
        "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND",
        "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE",
    ];

    private static readonly Lazy<IReadOnlyList<string>> Effective = new(() => FromMask(ReadEffectiveMask()));

    /// <summary>The names of the capabilities this process may use now.</summary>
    public static IReadOnlyList<string> Current => Effective.Value;

    /// <summary>The names of the bits set in a capability mask, in bit order.</summary>
    public static IReadOnlyList<string> FromMask(ulong mask) =>
        [.. Enumerable.Range(0, Names.Length).Where(bit => (mask & (1UL << bit)) != 0).Select(bit => Names[bit])];

    private static ulong ReadEffectiveMask()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("CapEff:", StringComparison.Ordinal))
            {
                return ulong.Parse(line["CapEff:".Length..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException("/proc/self/status has no CapEff line");
    }
}
