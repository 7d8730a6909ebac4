using System.CommandLine;
using System.Text.Json.Nodes;
using Wharf.Cli.Output;
using Wharf.Oci;
using Wharf.Oci.Images;

namespace Wharf.Cli.Commands;

/// <summary><c>wharf inspect REF</c>: the manifest, config, layers with sizes and platforms of an image wherever it is.</summary>
internal static class InspectCommand
{
    public static Command Create()
    {
        var reference = new Argument<string>("reference") { Description = "The image: " + ImageTransports.Syntax };
        var raw = new Option<bool>("--raw") { Description = "Print the manifest exactly as stored (its bytes are its digest)." };
        var config = new Option<bool>("--config") { Description = "Print the image's config JSON exactly as stored." };
        var platform = CommonOptions.PlatformOption();
        var json = CommonOptions.Json();
        var insecure = CommonOptions.Insecure();
        var command = new Command("inspect", "Show an image's manifest, config, layers and platforms.") { reference, raw, config, platform, json, insecure };
        command.SetAction((result, ct) => CommandRunner.RunAsync("inspect", async () =>
        {
            var target = ImageReference.Parse(result.GetValue(reference)!);
            await using var source = await new ImageTransports(result.GetValue(insecure)).OpenSourceAsync(target, ct);
            var root = await source.GetManifestAsync(ct);
            var wanted = result.GetValue(platform);
            var manifest = wanted is null && !result.GetValue(config) ? root : await ImageResolver.ResolveAsync(source, root, wanted, ct);

            if (result.GetValue(raw))
            {
                await using var stdout = Console.OpenStandardOutput();
                await stdout.WriteAsync(manifest.Bytes, ct);
                return 0;
            }

            var parsed = manifest.Parse();
            if (result.GetValue(config))
            {
                await using var stdout = Console.OpenStandardOutput();
                await using var blob = new VerifyingReadStream(await source.OpenBlobAsync(parsed.Config!, 0, ct), parsed.Config!);
                await blob.CopyToAsync(stdout, ct);
                return 0;
            }

            var configJson = parsed.Config is { } c ? await ReadConfigAsync(source, c, ct) : null;
            var report = ImageReport.Create(target, manifest, parsed, configJson);
            if (result.GetValue(json))
            {
                JsonOutput.Write(report, OutputJson.Default);
            }
            else
            {
                report.Print(Console.Out);
            }

            return 0;
        }));
        return command;
    }

    /// <summary>The config as JSON, when it is JSON at all (an artifact's config may be anything) and small.</summary>
    private static async Task<JsonNode?> ReadConfigAsync(IImageSource source, Descriptor config, CancellationToken ct)
    {
        if (config.Size > 4 * 1024 * 1024)
        {
            return null;
        }

        await using var blob = new VerifyingReadStream(await source.OpenBlobAsync(config, 0, ct), config);
        try
        {
            return await JsonNode.ParseAsync(blob, cancellationToken: ct);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
