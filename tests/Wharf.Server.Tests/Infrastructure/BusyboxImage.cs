using System.Buffers.Binary;
using System.Formats.Tar;

namespace Wharf.Server.Tests.Infrastructure;

/// <summary>Base images without a network: a statically linked busybox (Debian's busybox-static) copied into
/// FROM scratch, as a docker build context or as a root filesystem tarball for <c>podman import</c>.</summary>
public static class BusyboxImage
{
    public const string BaseDockerfile =
        """
        FROM scratch
        COPY busybox /bin/busybox
        RUN ["/bin/busybox", "--install", "-s", "/bin"]
        """;

    /// <summary>The static busybox binary; throws (failing the test) when it is missing or dynamically linked,
    /// since a dynamic one cannot run in an image with no libc.</summary>
    public static string RequireStaticBusybox()
    {
        var path = ExternalTool.Require("busybox");
        if (HasInterpreter(path))
        {
            throw new InvalidOperationException(
                $"{path} is dynamically linked and cannot run in a FROM scratch image: install Debian's busybox-static (scripts/install-test-tools.sh).");
        }

        return path;
    }

    /// <summary>Writes a build context: busybox, the Dockerfile and any extra files (name → text).</summary>
    public static string CreateContext(string directory, string dockerfile, IReadOnlyDictionary<string, string>? files = null)
    {
        Directory.CreateDirectory(directory);
        File.Copy(RequireStaticBusybox(), Path.Combine(directory, "busybox"), overwrite: true);
        File.WriteAllText(Path.Combine(directory, "Dockerfile"), dockerfile + "\n");
        foreach (var (name, text) in files ?? new Dictionary<string, string>())
        {
            File.WriteAllText(Path.Combine(directory, name), text);
        }

        return directory;
    }

    /// <summary>A root filesystem tarball: /bin/busybox, /bin/sh → busybox, and the extra files (path → text).</summary>
    public static async Task WriteRootfsTarAsync(string tarPath, IReadOnlyDictionary<string, string> files, CancellationToken ct)
    {
        await using var output = File.Create(tarPath);
        await using var tar = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: false);
        await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.Directory, "bin/") { Mode = (UnixFileMode)0b111_101_101 }, ct);
        await tar.WriteEntryAsync(RequireStaticBusybox(), "bin/busybox", ct);
        await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.SymbolicLink, "bin/sh") { LinkName = "busybox" }, ct);
        foreach (var (name, text) in files)
        {
            var entry = new PaxTarEntry(TarEntryType.RegularFile, name.TrimStart('/'))
            {
                Mode = (UnixFileMode)0b110_100_100,
                DataStream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text)),
            };
            await tar.WriteEntryAsync(entry, ct);
        }
    }

    /// <summary>True when the ELF file has a PT_INTERP program header, i.e. needs a dynamic loader.</summary>
    private static bool HasInterpreter(string path)
    {
        const uint programInterpreter = 3;
        using var file = File.OpenRead(path);
        Span<byte> header = stackalloc byte[64];
        if (file.Read(header) < 64 || header[0] != 0x7f || header[1] != (byte)'E' || header[4] != 2)
        {
            return false;
        }

        var programHeaders = BinaryPrimitives.ReadInt64LittleEndian(header[0x20..]);
        var entrySize = BinaryPrimitives.ReadUInt16LittleEndian(header[0x36..]);
        var count = BinaryPrimitives.ReadUInt16LittleEndian(header[0x38..]);
        Span<byte> entry = stackalloc byte[4];
        for (var i = 0; i < count; i++)
        {
            file.Position = programHeaders + (i * entrySize);
            if (file.Read(entry) == 4 && BinaryPrimitives.ReadUInt32LittleEndian(entry) == programInterpreter)
            {
                return true;
            }
        }

        return false;
    }
}
