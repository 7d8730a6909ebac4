using System.Runtime.InteropServices;

namespace Wharf.Oci.Images;

/// <summary>Parses <c>os/arch[/variant]</c> and finds the matching entry of an index, the way docker and skopeo pick one.</summary>
public static class PlatformMatcher
{
    /// <summary>This machine's platform, as Go names it (<c>linux/amd64</c>, <c>linux/arm64</c>).</summary>
    public static Platform Host { get; } = new()
    {
        Os = "linux",
        Architecture = RuntimeInformation.OSArchitecture switch
        {
            Architecture.X64 => "amd64",
            Architecture.Arm64 => "arm64",
            Architecture.Arm => "arm",
            Architecture.X86 => "386",
            Architecture.S390x => "s390x",
            Architecture.Ppc64le => "ppc64le",
            Architecture.RiscV64 => "riscv64",
            var other => other.ToString().ToLowerInvariant(),
        },
    };

    /// <summary>Parses <c>os/arch[/variant]</c>; <see cref="FormatException"/> otherwise.</summary>
    public static Platform Parse(string text)
    {
        var parts = text.Split('/');
        return parts.Length is 2 or 3 && parts.All(p => p.Length > 0)
            ? new Platform { Os = parts[0], Architecture = parts[1], Variant = parts.Length == 3 ? parts[2] : null }
            : throw new FormatException($"'{text}' is not a platform; write os/arch or os/arch/variant, e.g. linux/amd64");
    }

    /// <summary>The first entry for <paramref name="wanted"/> (any variant when it names none), or null.</summary>
    public static Descriptor? Find(IEnumerable<Descriptor> entries, Platform wanted) =>
        entries.FirstOrDefault(e => e.Platform is { } p
            && p.Os == wanted.Os
            && p.Architecture == wanted.Architecture
            && (wanted.Variant is null || p.Variant == wanted.Variant));
}
