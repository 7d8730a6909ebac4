using System.Text.Json;
using System.Text.Json.Serialization;

namespace Wharf.Registry.Triggers;

/// <summary>A <see cref="BuildRule"/> as the <c>rules</c> column keeps it (a JSON array, in order).</summary>
internal sealed record StoredRule(
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("tag")] string Tag,
    [property: JsonPropertyName("dockerfile")] string Dockerfile,
    [property: JsonPropertyName("context")] string Context,
    [property: JsonPropertyName("buildArgs")] Dictionary<string, string> BuildArgs,
    [property: JsonPropertyName("autobuild")] bool Autobuild,
    [property: JsonPropertyName("cache")] bool Cache,
    [property: JsonPropertyName("test"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Test = null)
{
    public static string Serialize(IEnumerable<BuildRule> rules) => JsonSerializer.Serialize(rules.Select(r => new StoredRule(
        r.Kind == RefKind.Tag ? "tag" : "branch", r.Source.Text, r.Tag.Text, r.Dockerfile, r.Context,
        new Dictionary<string, string>(r.BuildArgs ?? new Dictionary<string, string>()), r.Autobuild, r.Cache, r.Test)));

    public static IReadOnlyList<BuildRule> Deserialize(string json) =>
        [.. (JsonSerializer.Deserialize<List<StoredRule>>(json) ?? []).Select(s =>
        {
            var source = RuleSource.Parse(s.Source);
            return new BuildRule(s.Kind == "tag" ? RefKind.Tag : RefKind.Branch, source, TagTemplate.Parse(s.Tag, source),
                s.Dockerfile, s.Context, s.BuildArgs, s.Autobuild, s.Cache, s.Test);
        })];
}
