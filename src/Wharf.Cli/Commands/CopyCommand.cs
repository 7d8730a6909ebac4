using Wharf.Oci;
using System.CommandLine;
using System.Text.Json.Nodes;
using Wharf.Cli.Output;
using Wharf.Oci.Images;

namespace Wharf.Cli.Commands;

/// <summary><c>wharf copy SRC DST</c>: an image (or a whole index) between registries, OCI layouts and archives.
/// Only blobs the destination lacks are sent; on the same registry they are mounted; digests are kept.</summary>
internal static class CopyCommand
{
    public static Command Create()
    {
        var source = new Argument<string>("source") { Description = "Where the image is: " + ImageTransports.Syntax };
        var destination = new Argument<string>("destination") { Description = "Where to put it, in the same syntax." };
        var platform = CommonOptions.PlatformOption();
        var preserveDigests = new Option<bool>("--preserve-digests")
        {
            Description = "Fail instead of converting a Docker manifest to OCI for an OCI layout (conversion changes the digest).",
        };
        var concurrency = new Option<int>("--concurrency") { Description = "Blobs transferred at once.", DefaultValueFactory = _ => 4 };
        var insecure = CommonOptions.Insecure();
        var quiet = CommonOptions.Quiet();
        var json = CommonOptions.Json();
        var command = new Command("copy", "Copy an image between registries, OCI layouts, OCI archives and docker archives.")
        {
            source, destination, platform, preserveDigests, concurrency, insecure, quiet, json,
        };
        command.SetAction((result, ct) => CommandRunner.RunAsync("copy", async () =>
        {
            var from = ImageReference.Parse(result.GetValue(source)!);
            var to = ImageReference.Parse(result.GetValue(destination)!);
            var transports = new ImageTransports(result.GetValue(insecure));
            await using var reader = await transports.OpenSourceAsync(from, ct);
            await using var writer = await transports.OpenDestinationAsync(to, ct);
            var options = new CopyOptions
            {
                Platform = result.GetValue(platform),
                PreserveDigests = result.GetValue(preserveDigests),
                Concurrency = Math.Max(1, result.GetValue(concurrency)),
            };
            var mode = CommonOptions.Mode(result, quiet, json);

            var copied = mode != OutputMode.Normal ? await new ImageCopier().CopyAsync(reader, writer, options, ct)
                : Console.IsErrorRedirected ? await new ImageCopier(new LineProgress(Console.Error)).CopyAsync(reader, writer, options, ct)
                : await BarProgress.RunAsync(progress => new ImageCopier(progress).CopyAsync(reader, writer, options, ct));

            switch (mode)
            {
                case OutputMode.Json:
                    JsonOutput.Write(new JsonObject
                    {
                        ["source"] = from.ToString(),
                        ["destination"] = to.ToString(),
                        ["manifest"] = copied.Manifest.ToString(),
                        ["blobsCopied"] = copied.BlobsCopied,
                        ["blobsReused"] = copied.BlobsReused,
                        ["bytesCopied"] = copied.BytesCopied,
                    });
                    break;
                case OutputMode.Normal:
                    Console.WriteLine($"{to} {copied.Manifest}: {copied.BlobsCopied} blobs copied ({Bytes.Format(copied.BytesCopied)}), {copied.BlobsReused} already there");
                    break;
            }

            return 0;
        }));
        return command;
    }
}
