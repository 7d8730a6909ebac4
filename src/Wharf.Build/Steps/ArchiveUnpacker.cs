using Wharf.Build.Layers;

namespace Wharf.Build.Steps;

/// <summary>ADD's tar auto-extraction: a local source that is a tar archive (plain, gzip, bzip2, xz or zstd, known by
/// its bytes, not its name: <see cref="ArchiveDecompression"/>) is unpacked into the destination directory instead of
/// copied. It is unpacked into a scratch directory first and then copied in like any tree, so paths in the image
/// resolve as inside a chroot (a Debian root's <c>/lib</c> link is followed, never a way out), and entries keep the
/// archive's owners and modes. An archive that turns out damaged while it is unpacked fails with
/// <see cref="InvalidDataException"/>.</summary>
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
                var content = await ArchiveDecompression.OpenAsync(archive, ct);
                try
                {
                    await LayerUnpacker.UnpackAsync(content, unpacked, UnpackMode.Apply, ct);
                }
                catch (Exception e) when (ArchiveDecompression.IsCorruptData(e) && e is not InvalidDataException)
                {
                    throw new InvalidDataException($"its compressed data is damaged ({e.Message})", e);
                }
                finally
                {
                    if (content != archive)
                    {
                        await content.DisposeAsync();
                    }
                }
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

    /// <summary>A tar header ("ustar" at offset 257, or a valid header checksum) at the start of the file, or of what
    /// it decompresses to. A compressed file that holds no tar (a <c>.gz</c> or <c>.xz</c> of one file) is copied as
    /// it is, as docker does: it unpacks only what reads as a tar.</summary>
    private static async Task<bool> IsArchiveAsync(string path, CancellationToken ct)
    {
        await using var file = File.OpenRead(path);
        var content = await ArchiveDecompression.OpenAsync(file, ct);
        var header = new byte[512];
        int read;
        try
        {
            read = await content.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false, ct);
        }
        catch (Exception e) when (ArchiveDecompression.IsCorruptData(e))
        {
            return false;
        }
        finally
        {
            if (content != file)
            {
                await content.DisposeAsync();
            }
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
