using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Wharf.Build.Images;

namespace Wharf.Build.Cache;

/// <summary>What identifies a step's result: the layers it starts from (the key of the step that made the last of
/// them, else their diffIDs), the container config it runs with (environment, user, working directory, shell), the
/// instruction as evaluated, and whatever else the step reads (the content hash of COPY's sources, the values of build
/// args a RUN sees). Two steps with the same key make the same layer up to its times, which follow the epoch (decision
/// 018): the epoch is not in the key, so the second step is not run, and its layer is re-dated when the epochs differ.</summary>
internal static class CacheKey
{
    /// <summary>Bumped when what a step produces for the same inputs changes (a writer or step fix).</summary>
    private const string Version = "wharf-build-cache/2";

    public static string For(ImageState state, string step, params IEnumerable<string> inputs)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(string text)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(text));
            hash.AppendData([0]);
        }

        Add(Version);
        if (state.LayersKey is { } layersKey)
        {
            Add("after " + layersKey);
        }
        else
        {
            foreach (var layer in state.Layers)
            {
                Add(layer.DiffId.ToString());
            }
        }

        Add(JsonSerializer.Serialize(state.Config.Config, BuildJson.Default.ContainerConfig));
        Add(step);
        foreach (var input in inputs)
        {
            Add(input);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>The key under which a step's layer is kept once re-encoded for a build with another epoch or
    /// compression than the entry under <paramref name="key"/>.</summary>
    public static string Variant(string key, long? epoch, string mediaType)
    {
        var text = $"{key}\0epoch={epoch?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}\0{mediaType}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>The name a key is kept under in a builder state shared by scopes (<see cref="BuildRequest.CacheScope"/>).</summary>
    public static string Scoped(string scope, string key) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"scope={scope}\0{key}")));

    /// <summary>Whether <paramref name="text"/> has the form of a key (64 lowercase hex digits): one read from an
    /// imported cache is used only then.</summary>
    public static bool IsKey(string? text) => text is { Length: 64 } && text.All(char.IsAsciiHexDigitLower);
}
