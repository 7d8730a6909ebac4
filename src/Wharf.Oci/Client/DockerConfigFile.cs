using System.Text.Json;
using System.Text.Json.Nodes;

namespace Wharf.Oci.Client;

/// <summary>docker's <c>config.json</c> as a JSON tree, so that a write changes only what it means to and keeps every
/// other key (proxies, plugins, currentContext…) as it was. Writes are atomic (a temporary file renamed over the old
/// one) and private (0600): the file holds credentials.</summary>
internal static class DockerConfigFile
{
    private static readonly JsonWriterOptions Indented = new() { Indented = true, IndentCharacter = '\t', IndentSize = 1 };

    /// <summary>The file's object; an empty one when the file does not exist.</summary>
    public static async Task<JsonObject> ReadAsync(string path, CancellationToken ct)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        var bytes = await File.ReadAllBytesAsync(path, ct);
        try
        {
            return bytes.Length == 0 ? [] : JsonNode.Parse(bytes) as JsonObject ?? throw new JsonException("the top level is not an object");
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"{path} is not valid JSON: {e.Message}", e);
        }
    }

    public static async Task WriteAsync(string path, JsonObject config, CancellationToken ct)
    {
        // docker follows a symlinked config.json (dotfile managers) and replaces the target, not the link.
        var target = File.Exists(path) ? new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? Path.GetFullPath(path) : Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(target)!;
        if (!Directory.Exists(directory))
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(directory);
            }
            else
            {
                Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        var temporary = Path.Combine(directory, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var stream = new FileStream(temporary, PrivateFile.CreateNew()))
            {
                await using (var writer = new Utf8JsonWriter(stream, Indented))
                {
                    config.WriteTo(writer);
                }

                await stream.FlushAsync(ct);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, target, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
