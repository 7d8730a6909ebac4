using System.Text.Json;
using Wharf.Build;
using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.Build.Fidelity;

/// <summary>What every corpus case builds from, made once per run: the busybox image the engine already built,
/// tagged <see cref="Busybox"/>; a debootstrapped Debian root imported as <see cref="Debian"/>; both saved for
/// Wharf's builder (<see cref="BaseImages"/>); busybox pushed to a Wharf registry on loopback for the by-digest
/// case; and the .deb files the Debian cases install offline. One Wharf builder state directory serves every case,
/// as one machine's builder would.</summary>
public sealed class FidelityBases(DockerEngine docker) : IAsyncLifetime
{
    public const string Busybox = "fidelity/busybox:1";
    public const string Debian = "fidelity/debian:bookworm";

    /// <summary>What the Debian cases install with <c>dpkg -i</c>: small, and with no dependency minbase lacks.</summary>
    private static readonly string[] Packages = ["hello"];

    private WharfServer? _registry;
    private string? _directory;
    private FidelityBaseImages? _baseImages;
    private ImageBuilder? _builder;

    /// <summary>127.0.0.1:PORT: a registry docker and Wharf both pull from.</summary>
    public string Registry => _registry?.HostPort ?? throw new InvalidOperationException("not initialised");

    /// <summary>The manifest digest of <see cref="Busybox"/> as pushed to <see cref="Registry"/>.</summary>
    public string BusyboxDigest { get; private set; } = "";

    /// <summary>The .deb files of <see cref="Packages"/>; a case's setup.sh sees it as $FIDELITY_DEBS.</summary>
    public string DebsDirectory => Path.Combine(_directory ?? throw new InvalidOperationException("not initialised"), "debs");

    public FidelityBaseImages BaseImages => _baseImages ?? throw new InvalidOperationException("not initialised");

    public ImageBuilder Builder => _builder ?? throw new InvalidOperationException("not initialised");

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        _directory = docker.NewDirectory("fidelity");
        _registry = await WharfServer.StartAsync();
        _baseImages = new FidelityBaseImages(_registry.HostPort);
        _builder = new ImageBuilder(new BuilderOptions
        {
            StateDirectory = Path.Combine(_directory, "wharf-state"),
            BaseImages = _baseImages,
            RunTimeout = TimeSpan.FromMinutes(2),
        });

        await DockerAsync(["tag", DockerEngine.BaseImage, Busybox], ct);
        await SaveAsync(Busybox, "busybox.tar", ct);
        var pushed = $"{Registry}/{Busybox}";
        await DockerAsync(["tag", Busybox, pushed], ct);
        await DockerAsync(["push", pushed], ct);
        var digests = await DockerAsync(["image", "inspect", "--format", "{{json .RepoDigests}}", pushed], ct);
        // The engine is shared with other tests that push the same image elsewhere, so RepoDigests can list
        // several registries: take the one of this registry's repository.
        var repository = $"{Registry}/{Busybox.Split(':')[0]}@";
        BusyboxDigest = JsonSerializer.Deserialize<List<string>>(digests.StandardOutput)!
            .Single(d => d.StartsWith(repository, StringComparison.Ordinal))[repository.Length..];

        var root = Path.Combine(_directory, "debian-root");
        await DebianRoot.CreateAsync(root, ct);
        (await ExternalTool.RunAsync("bash", ["-c", "tar -C \"$1\" -c . | docker import - \"$2\"", "import", root, Debian],
            docker.Environment, _directory, ct: ct)).EnsureSuccess();
        Directory.Delete(root, recursive: true);
        await SaveAsync(Debian, "debian.tar", ct);
        await DebianRoot.DownloadAsync(DebsDirectory, Packages, ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (_registry is not null)
        {
            await _registry.DisposeAsync();
        }
    }

    private async Task SaveAsync(string image, string file, CancellationToken ct)
    {
        var archive = Path.Combine(_directory!, file);
        await DockerAsync(["save", "-o", archive, image], ct);
        BaseImages.AddArchive(image, archive);
    }

    private async Task<ToolResult> DockerAsync(string[] arguments, CancellationToken ct) =>
        (await docker.DockerAsync(arguments, ct)).EnsureSuccess();
}
