using Wharf.Build.Native;

namespace Wharf.Build.Rootfs;

/// <summary>Whether this machine can mount overlayfs where the builder keeps its state (the kernel module, the
/// privilege, and an upper directory on a filesystem overlayfs accepts), found by mounting a tiny one once.</summary>
internal static class OverlaySupport
{
    private static readonly Lock Gate = new();
    private static readonly Dictionary<string, bool> Known = [];

    public static bool IsAvailable(string stateDirectory)
    {
        lock (Gate)
        {
            if (Known.TryGetValue(stateDirectory, out var known))
            {
                return known;
            }

            var probe = Directory.CreateDirectory(Path.Combine(stateDirectory, $"overlay-probe-{Guid.NewGuid():N}")).FullName;
            var available = false;
            try
            {
                var merged = Directory.CreateDirectory(Path.Combine(probe, "merged")).FullName;
                var options = $"lowerdir={Directory.CreateDirectory(Path.Combine(probe, "lower")).FullName}," +
                    $"upperdir={Directory.CreateDirectory(Path.Combine(probe, "upper")).FullName}," +
                    $"workdir={Directory.CreateDirectory(Path.Combine(probe, "work")).FullName}";
                LinuxMounts.MountOverlay(merged, options);
                LinuxMounts.Unmount(merged);
                available = true;
            }
            catch (IOException)
            {
                available = false;
            }
            finally
            {
                Directory.Delete(probe, recursive: true);
            }

            Known[stateDirectory] = available;
            return available;
        }
    }
}
