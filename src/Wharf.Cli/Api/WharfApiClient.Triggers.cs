using System.Globalization;
using System.Text.Json.Nodes;

namespace Wharf.Cli.Api;

/// <summary>Build triggers (<c>/api/v1/triggers</c>): what <c>wharf trigger</c> calls.</summary>
internal sealed partial class WharfApiClient
{
    /// <param name="credential">For a private remote: <c>{token, username?}</c> or <c>{sshKey}</c>; null for none.</param>
    /// <param name="rebuildOnBaseImage">False: not rebuilt when a base image of this registry moves; null: the server's default (true).</param>
    public Task<CreatedTrigger> CreateTriggerAsync(
        string repository, string gitUrl, IReadOnlyList<TriggerRule> rules, int? disableAfterFailures, int? pollSeconds, JsonObject? credential,
        bool? rebuildOnBaseImage, CancellationToken ct) =>
        SendAsync(
            HttpMethod.Post,
            "triggers",
            Body(
                ("repository", repository),
                ("gitUrl", gitUrl),
                ("rules", rules.Count == 0 ? null : new JsonArray([.. rules.Select(Rule)])),
                ("disableAfterFailures", disableAfterFailures),
                ("pollIntervalSeconds", pollSeconds),
                ("credential", credential),
                ("rebuildOnBaseImage", rebuildOnBaseImage)),
            ApiJson.Default.CreatedTrigger,
            ct);

    public Task<IReadOnlyList<TriggerInfo>> ListTriggersAsync(string repository, CancellationToken ct) =>
        GetAsync(Query("triggers", ("repository", repository)), ApiJson.Default.IReadOnlyListTriggerInfo, ct);

    public Task<TriggerInfo> GetTriggerAsync(long id, CancellationToken ct) => GetAsync(Path(id), ApiJson.Default.TriggerInfo, ct);

    public async Task DeleteTriggerAsync(long id, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Delete, Path(id), null, ct);
    }

    public Task<TriggerInfo> SetTriggerEnabledAsync(long id, bool enabled, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, $"{Path(id)}/{(enabled ? "enable" : "disable")}", null, ApiJson.Default.TriggerInfo, ct);

    /// <summary>Sets or replaces the credential for the trigger's remote (<c>{token, username?}</c> or <c>{sshKey}</c>).</summary>
    public Task<TriggerInfo> SetTriggerCredentialAsync(long id, JsonObject credential, CancellationToken ct) =>
        SendAsync(HttpMethod.Put, $"{Path(id)}/credential", credential, ApiJson.Default.TriggerInfo, ct);

    public Task<TriggerInfo> RemoveTriggerCredentialAsync(long id, CancellationToken ct) =>
        SendAsync(HttpMethod.Delete, $"{Path(id)}/credential", null, ApiJson.Default.TriggerInfo, ct);

    public Task<IReadOnlyList<TriggeredBuild>> BuildNowAsync(long id, string gitRef, string? commit, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, $"{Path(id)}/builds", Body(("ref", gitRef), ("commit", commit)), ApiJson.Default.IReadOnlyListTriggeredBuild, ct);

    private static string Path(long id) => $"triggers/{id.ToString(CultureInfo.InvariantCulture)}";

    private static JsonObject Rule(TriggerRule rule) => Body(
        ("kind", rule.Kind),
        ("source", rule.Source),
        ("tag", rule.Tag),
        ("dockerfile", rule.Dockerfile),
        ("context", rule.Context),
        ("buildArgs", rule.BuildArgs is null ? null : new JsonObject(rule.BuildArgs.Select(a => KeyValuePair.Create(a.Key, (JsonNode?)a.Value)))),
        ("autobuild", rule.Autobuild),
        ("cache", rule.Cache),
        ("test", rule.Test));
}
