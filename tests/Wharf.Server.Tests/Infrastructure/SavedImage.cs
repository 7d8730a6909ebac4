namespace Wharf.Server.Tests.Infrastructure;

/// <summary>An image built in the test engine and written by <c>docker save</c>.</summary>
/// <param name="Tag">Its name in the engine, <c>wharf-e2e/NAME:NONCE</c>.</param>
/// <param name="Archive">The <c>docker save</c> tar.</param>
/// <param name="Output">What <c>docker run</c> of it prints.</param>
/// <param name="ImageId">Its ID (the config's digest).</param>
public sealed record SavedImage(string Tag, string Archive, string Output, string ImageId)
{
    /// <summary>Builds FROM scratch with a layer of its own first, so no layer chain is shared with any other image
    /// and removing the image removes all its layers from the engine; then saves it.</summary>
    public static async Task<SavedImage> BuildAsync(DockerEngine docker, string name, CancellationToken ct)
    {
        var nonce = Guid.NewGuid().ToString("N");
        var tag = $"wharf-e2e/{name}:{nonce[..12]}";
        var context = BusyboxImage.CreateContext(docker.NewDirectory(name), $$"""
            FROM scratch
            COPY nonce.txt /nonce.txt
            COPY busybox /bin/busybox
            RUN ["/bin/busybox", "--install", "-s", "/bin"]
            CMD ["/bin/sh", "-c", "echo {{name}} $(cat /nonce.txt)"]
            """, new Dictionary<string, string> { ["nonce.txt"] = nonce });
        (await docker.DockerAsync(["build", "--network", "none", "-t", tag, context], ct)).EnsureSuccess();
        var imageId = (await docker.DockerAsync(["image", "inspect", "--format", "{{.Id}}", tag], ct)).EnsureSuccess().StandardOutput.Trim();
        var archive = Path.Combine(docker.NewDirectory($"{name}-saved"), "saved.tar");
        (await docker.DockerAsync(["save", "-o", archive, tag], ct)).EnsureSuccess();
        return new SavedImage(tag, archive, $"{name} {nonce}", imageId);
    }
}
