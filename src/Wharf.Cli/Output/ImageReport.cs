using System.Text.Json.Nodes;
using Wharf.Oci;
using Wharf.Oci.Images;
using Wharf.Oci.Manifests;

namespace Wharf.Cli.Output;

/// <summary>What <c>wharf inspect</c> shows: printed as aligned text, or serialised with <c>--json</c>.</summary>
internal sealed record ImageReport(
    string Reference,
    Digest Digest,
    string MediaType,
    string? Platform,
    string? Created,
    Descriptor? Config,
    IReadOnlyList<Descriptor>? Layers,
    long? Size,
    IReadOnlyList<Descriptor>? Manifests)
{
    public static ImageReport Create(ImageReference reference, ManifestContent manifest, ParsedManifest parsed, JsonNode? config)
    {
        var os = config?["os"]?.GetValue<string>();
        var architecture = config?["architecture"]?.GetValue<string>();
        var variant = config?["variant"]?.GetValue<string>();
        return new ImageReport(
            reference.ToString(),
            manifest.Digest,
            parsed.MediaType,
            os is null || architecture is null ? null : variant is null ? $"{os}/{architecture}" : $"{os}/{architecture}/{variant}",
            config?["created"]?.GetValue<string>(),
            parsed.Config,
            parsed.IsIndex ? null : parsed.Layers,
            parsed.IsIndex ? null : parsed.Layers.Sum(l => l.Size) + (parsed.Config?.Size ?? 0),
            parsed.IsIndex ? parsed.Manifests : null);
    }

    public void Print(TextWriter output)
    {
        output.WriteLine($"Reference:  {Reference}");
        output.WriteLine($"Digest:     {Digest}");
        output.WriteLine($"MediaType:  {MediaType}");
        if (Manifests is not null)
        {
            output.WriteLine($"Manifests:  {Manifests.Count}");
            foreach (var m in Manifests)
            {
                output.WriteLine($"  {m.Platform?.ToString() ?? m.ArtifactType ?? "-",-16} {m.Digest}  {Bytes.Format(m.Size)}");
            }

            return;
        }

        if (Platform is not null)
        {
            output.WriteLine($"Platform:   {Platform}");
        }

        if (Created is not null)
        {
            output.WriteLine($"Created:    {Created}");
        }

        output.WriteLine($"Config:     {Config!.Digest}  {Bytes.Format(Config.Size)}");
        output.WriteLine($"Layers:     {Layers!.Count}, {Bytes.Format(Size!.Value)} with the config");
        foreach (var layer in Layers)
        {
            output.WriteLine($"  {layer.Digest}  {Bytes.Format(layer.Size),10}  {layer.MediaType}");
        }
    }
}
