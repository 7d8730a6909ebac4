using Wharf.Oci;
using System.CommandLine;
using Wharf.Cli.Output;
using Wharf.Oci.Images;

namespace Wharf.Cli.Commands;

/// <summary><c>wharf diff A B</c>: which layers two images share, which are new, and how many bytes a host holding A
/// downloads to get B, against the full size of B. The same answer as the server's <c>GET /api/v1/diff</c>.</summary>
internal static class DiffCommand
{
    public static Command Create()
    {
        var from = new Argument<string>("from") { Description = "The image a host already has: " + ImageTransports.Syntax };
        var to = new Argument<string>("to") { Description = "The image it would pull next." };
        var platform = CommonOptions.PlatformOption();
        var json = CommonOptions.Json();
        var insecure = CommonOptions.Insecure();
        var command = new Command("diff", "Show what pulling one image costs a host that has another: shared and new layers, bytes to download.")
        {
            from, to, platform, json, insecure,
        };
        command.SetAction((result, ct) => CommandRunner.RunAsync("diff", async () =>
        {
            var transports = new ImageTransports(result.GetValue(insecure));
            var a = await ResolveAsync(transports, result.GetValue(from)!, result, platform, ct);
            var b = await ResolveAsync(transports, result.GetValue(to)!, result, platform, ct);
            var diff = ImageDiff.Compare(a, b);
            if (result.GetValue(json))
            {
                JsonOutput.Write(diff, OutputJson.Default);
                return 0;
            }

            foreach (var change in diff.Layers)
            {
                Console.WriteLine($"{(change.Shared ? "shared" : "new   ")}  {change.Layer.Digest}  {Bytes.Format(change.Layer.Size),10}");
            }

            var percent = diff.TotalBytes == 0 ? 0 : 100.0 * diff.DownloadBytes / diff.TotalBytes;
            Console.WriteLine(
                $"A host with {result.GetValue(from)} downloads {Bytes.Format(diff.DownloadBytes)} of {Bytes.Format(diff.TotalBytes)} ({percent:0.#}%) to get {result.GetValue(to)}.");
            return 0;
        }));
        return command;
    }

    private static async Task<ManifestContent> ResolveAsync(ImageTransports transports, string text, ParseResult result, Option<Oci.Platform?> platform, CancellationToken ct)
    {
        await using var source = await transports.OpenSourceAsync(ImageReference.Parse(text), ct);
        return await ImageResolver.ResolveAsync(source, await source.GetManifestAsync(ct), result.GetValue(platform), ct);
    }
}
