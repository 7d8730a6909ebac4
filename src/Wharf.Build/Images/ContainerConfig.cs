using System.Text.Json.Serialization;

namespace Wharf.Build.Images;

/// <summary>The <c>config</c> object of an image configuration: what a container of the image starts with. The
/// Dockerfile's metadata instructions (ENV, CMD, ENTRYPOINT, USER, WORKDIR, LABEL, EXPOSE, VOLUME, STOPSIGNAL,
/// HEALTHCHECK, SHELL, ONBUILD) each change one field.</summary>
public sealed record ContainerConfig
{
    [JsonPropertyName("User")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? User { get; init; }

    [JsonPropertyName("ExposedPorts")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public SortedDictionary<string, EmptyObject>? ExposedPorts { get; init; }

    [JsonPropertyName("Env")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Env { get; init; }

    [JsonPropertyName("Entrypoint")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Entrypoint { get; init; }

    [JsonPropertyName("Cmd")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Cmd { get; init; }

    [JsonPropertyName("Volumes")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public SortedDictionary<string, EmptyObject>? Volumes { get; init; }

    [JsonPropertyName("WorkingDir")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? WorkingDir { get; init; }

    [JsonPropertyName("Labels")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public SortedDictionary<string, string>? Labels { get; init; }

    [JsonPropertyName("StopSignal")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? StopSignal { get; init; }

    [JsonPropertyName("Healthcheck")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public HealthcheckConfig? Healthcheck { get; init; }

    [JsonPropertyName("OnBuild")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? OnBuild { get; init; }

    [JsonPropertyName("Shell")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Shell { get; init; }

    /// <summary>The value of <paramref name="name"/> in <see cref="Env"/>, or null.</summary>
    public string? GetEnv(string name) =>
        Env?.Select(e => e.Split('=', 2)).FirstOrDefault(kv => kv[0] == name) is [_, var value] ? value : null;

    /// <summary><see cref="Env"/> as (name, value) pairs in order.</summary>
    public IEnumerable<KeyValuePair<string, string>> EnvPairs() =>
        (Env ?? []).Select(e => e.Split('=', 2)).Select(kv => KeyValuePair.Create(kv[0], kv.Length > 1 ? kv[1] : ""));

    /// <summary>A copy with <paramref name="name"/> set, replacing an existing entry in place (docker keeps its position).</summary>
    public ContainerConfig WithEnv(string name, string value)
    {
        var env = (Env ?? []).ToList();
        var index = env.FindIndex(e => e.Split('=', 2)[0] == name);
        if (index >= 0)
        {
            env[index] = $"{name}={value}";
        }
        else
        {
            env.Add($"{name}={value}");
        }

        return this with { Env = env };
    }
}
