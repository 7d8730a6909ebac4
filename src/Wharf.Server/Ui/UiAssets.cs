using System.Collections.Frozen;
using System.Security.Cryptography;
using Microsoft.Net.Http.Headers;

namespace Wharf.Server.Ui;

/// <summary>The UI's stylesheet and script, embedded in the assembly and served at <c>/assets/{file}</c>. Embedded
/// rather than a wwwroot: the server runs as <c>Program</c>, as <c>wharf-server</c> (which references this assembly)
/// and published, and an embedded file is there in every case with nothing to copy. A URL carries the content's hash,
/// so a browser may keep it for a year and still sees a new version at once.</summary>
internal static class UiAssets
{
    public const string Stylesheet = "wharf.css";
    public const string Script = "wharf.js";

    private const string ResourcePrefix = "Wharf.Server.Ui.Assets.";

    private static readonly FrozenDictionary<string, Asset> Assets = Load();

    public static string Url(string file) => $"/assets/{file}?v={Assets[file].Version}";

    public static void Map(WebApplication app) => app.MapGet("/assets/{file}", (string file, string? v, HttpContext http) =>
    {
        if (!Assets.TryGetValue(file, out var asset))
        {
            return Results.NotFound();
        }

        http.Response.Headers.CacheControl = v == asset.Version ? "public, max-age=31536000, immutable" : "no-cache";
        return Results.Bytes(asset.Content, asset.ContentType, entityTag: new EntityTagHeaderValue($"\"{asset.Version}\""));
    });

    private static FrozenDictionary<string, Asset> Load()
    {
        var assembly = typeof(UiAssets).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            .Select(name =>
            {
                using var stream = assembly.GetManifestResourceStream(name)!;
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                var content = copy.ToArray();
                var file = name[ResourcePrefix.Length..];
                return new Asset(file, content, ContentTypeOf(file), Convert.ToHexStringLower(SHA256.HashData(content).AsSpan(0, 8)));
            })
            .ToFrozenDictionary(asset => asset.File, StringComparer.Ordinal);
    }

    private static string ContentTypeOf(string file) => Path.GetExtension(file) switch
    {
        ".css" => "text/css; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        _ => "application/octet-stream",
    };

    private sealed record Asset(string File, byte[] Content, string ContentType, string Version);
}
