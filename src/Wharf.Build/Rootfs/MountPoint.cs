namespace Wharf.Build.Rootfs;

/// <summary>A path in the root filesystem that a step mounts something on (/proc, /etc/hosts, a cache or secret
/// mount). When the image lacks it, it is created outside the step's changes, so it never reaches the layer.</summary>
internal sealed record MountPoint(string Path, bool IsFile);
