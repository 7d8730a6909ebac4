using Wharf.Registry.Triggers;
using Wharf.Server.Builds;

namespace Wharf.Server.Api.Triggers;

/// <summary>A trigger as the API shows it: never its secrets; <c>webhookUrl</c> is what to give the git host;
/// <c>baseImages</c>, the tags of this registry its refs are rebuilt on (when <c>rebuildOnBaseImage</c>).</summary>
internal sealed record TriggerInfo(
    long Id,
    string Repository,
    string GitUrl,
    IReadOnlyList<RuleInput> Rules,
    bool Enabled,
    int DisableAfterFailures,
    int ConsecutiveFailures,
    bool HasCredential,
    int? PollIntervalSeconds,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    string WebhookUrl,
    bool RebuildOnBaseImage,
    IReadOnlyList<BaseImageInfo> BaseImages)
{
    public static TriggerInfo From(BuildTrigger t, HttpContext http, IEnumerable<WatchedBaseImage> watched) => new(
        t.Id,
        t.Repository,
        GitUrls.Redact(t.GitUrl),
        [.. t.Rules.Select(r => new RuleInput(r.Kind == RefKind.Tag ? "tag" : "branch", r.Source.Text, r.Tag.Text, r.Dockerfile, r.Context,
            r.BuildArgs ?? new Dictionary<string, string>(), r.Autobuild, r.Cache, r.Test))],
        t.Enabled,
        t.DisableAfterFailures,
        t.ConsecutiveFailures,
        t.HasCredential,
        t.PollInterval is { } poll ? (int)poll.TotalSeconds : null,
        t.CreatedBy,
        t.CreatedAt,
        UrlOfWebhook(t.Id, http),
        t.RebuildOnBaseImage,
        [.. watched.Where(w => w.TriggerId == t.Id).Select(BaseImageInfo.From)]);

    public static string UrlOfWebhook(long id, HttpContext http) =>
        $"{http.Request.Scheme}://{http.Request.Host}{Accounts.AccountsApi.Prefix}/triggers/{id}/webhook";
}
