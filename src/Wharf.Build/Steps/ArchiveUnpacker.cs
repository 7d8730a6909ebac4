using Wharf.Build.Layers;
using Wharf.Build.Rootfs;

namespace Wharf.Build.Steps;

/// <summary>ADD's tar auto-extraction: a local source that is a tar archive (plain, gzip or zstd, known by its
/// bytes, not its name) is unpacked into the destination directory instead of copied. It is unpacked into a scratch
/// directory first and then copied in like any tree, so paths in the image resolve as inside a chroot (a Debian
/// root's <c>/lib</c> link is followed, never a way out), and entries keep the archive's owners and modes.</summary>
internal static class ArchiveUnpacker
{
    public static async Task<bool> TryUnpackAsync(string hostPath, string root, string destination, string scratch, CancellationToken ct)
    {
        if (!await IsArchiveAsync(hostPath, ct))
        {
            return false;
        }

        var unpacked = Directory.CreateDirectory(Path.Combine(scratch, "add-" + Guid.NewGuid().ToString("N"))).FullName;
        try
        {
            await using (var archive = File.OpenRead(hostPath))
            {
                await LayerUnpacker.UnpackAsync(archive, unpacked, UnpackMode.Apply, ct);
            }

            FileCopier.EnsureDirectory(root, destination, CopyOwnership.Root);
            var source = new CopySource(unpacked, "", IsDirectory: true);
            FileCopier.Copy(source, root, destination.TrimEnd('/') is { Length: > 0 } d ? d : "/", CopyOwnership.Preserve, _ => false);
            return true;
        }
        finally
        {
            Directory.Delete(unpacked, recursive: true);
        }
    }

    /// <summary>gzip or zstd magic bytes, or a tar header ("ustar" at offset 257, or a valid header checksum).</summary>
    private static async Task<bool> IsArchiveAsync(string path, CancellationToken ct)
    {
        var header = new byte[512];
        int read;
        await using (var file = File.OpenRead(path))
        {
            read = await file.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false, ct);
        }

        if (read >= 2 && header[0] == 0x1f && header[1] == 0x8b)
        {
            return true;
        }

        if (read >= 4 && header[0] == 0x28 && header[1] == 0xb5 && header[2] == 0x2f && header[3] == 0xfd)
        {
            return true;
        }

        return read == 512 && (header.AsSpan(257, 5).SequenceEqual("ustar"u8) || HasValidTarChecksum(header));
    }

    private static bool HasValidTarChecksum(byte[] header)
    {
        var field = System.Text.Encoding.ASCII.GetString(header, 148, 8).Trim(' ', '\0');
        if (field.Length == 0)
        {
            return false;
        }

        long expected;
        try
        {
            expected = Convert.ToInt64(field, 8);
        }
        catch (FormatException)
        {
            return false;
        }

        long sum = 0;
        for (var i = 0; i < 512; i++)
        {
            sum += i is >= 148 and < 156 ? ' ' : header[i];
        }

        return sum == expected;
    }
}
