using Wharf.Registry.Builds;
using Wharf.Registry.Triggers.Webhooks;

namespace Wharf.Registry.Triggers;

/// <summary>The one place a trigger turns pushed refs into queued builds, whatever told it (a webhook, polling, "build
/// now", a base image's new digest): each ref goes through the rules in order; the rules that take it and share a
/// Dockerfile, context, build args and cache setting make one build pushing all their tags (Docker Hub builds each rule;
/// one build per distinct input is the same images for less work). A deleted ref, a commit whose message says
/// <c>[skip build]</c>, and a ref no rule takes build nothing; nor does a ref whose build for that commit and those tags
/// is already queued or running. The build gets Docker Hub's variables as build args (a Dockerfile sees those it
/// declares with ARG) and runs through the ordinary queue, with the trigger's creator as submitter.</summary>
public sealed class TriggerBuilds(SqlBuildStore builds)
{
    public const string SkipMarker = "[skip build]";

    /// <param name="manual">"Build now": rules with autobuild off count too, and <c>[skip build]</c> does not.</param>
    public async Task<IReadOnlyList<TriggeredBuild>> QueueAsync(
        BuildTrigger trigger, IReadOnlyList<RefUpdate> updates, string reason, string? registryHost, bool manual, CancellationToken ct)
    {
        var results = new List<TriggeredBuild>();
        foreach (var update in updates)
        {
            var refName = update.Ref.FullName;
            if (update.Deleted)
            {
                results.Add(new TriggeredBuild(refName, null, null, [], "the push deleted it"));
                continue;
            }

            if (!manual && update.CommitMessage?.Contains(SkipMarker, StringComparison.OrdinalIgnoreCase) == true)
            {
                results.Add(new TriggeredBuild(refName, update.Commit, null, [], $"its commit message says {SkipMarker}"));
                continue;
            }

            var matches = new List<(BuildRule Rule, string Tag)>();
            var reasons = new List<string>();
            foreach (var rule in trigger.Rules.Where(r => manual || r.Autobuild))
            {
                if (rule.TagFor(update.Ref, update.Commit ?? "", out var why) is { } tag)
                {
                    matches.Add((rule, tag));
                }
                else if (why is not null)
                {
                    reasons.Add(why);
                }
            }

            if (matches.Count == 0)
            {
                results.Add(new TriggeredBuild(refName, update.Commit, null, [], reasons.Count > 0 ? string.Join("; ", reasons) : "no build rule takes it"));
                continue;
            }

            foreach (var group in matches.GroupBy(m => Inputs(m.Rule)))
            {
                var rule = group.First().Rule;
                var tags = group.Select(m => m.Tag).Distinct(StringComparer.Ordinal).ToList();
                var gitRef = update.Commit ?? refName;
                if (await builds.FindActiveAsync(trigger.Id, gitRef, tags, ct) is { } active)
                {
                    results.Add(new TriggeredBuild(refName, update.Commit, active.Id, tags, $"build {active.Id} is already {BuildStates.Word(active.State)} for it"));
                    continue;
                }

                var spec = new BuildSpec
                {
                    Repository = trigger.Repository,
                    Tags = tags,
                    RequestedBy = trigger.CreatedBy,
                    Git = new GitContext(trigger.GitUrl, gitRef, rule.Context is "." or "" ? null : rule.Context.Trim('/')),
                    Dockerfile = rule.Dockerfile,
                    BuildArgs = BuildArgs(trigger, rule, update, tags[0], registryHost),
                    NoCache = !rule.Cache,
                    Test = rule.Test,
                    RegistryHost = registryHost,
                    TriggerId = trigger.Id,
                    SourceRef = refName,
                    Reason = reason,
                };
                var build = await builds.EnqueueAsync(spec, ct);
                results.Add(new TriggeredBuild(refName, update.Commit, build.Id, tags, null));
            }
        }

        return results;
    }

    private static string Inputs(BuildRule rule) =>
        string.Join('\0', [rule.Dockerfile, rule.Context, rule.Cache ? "cache" : "no-cache", $"test={rule.Test}",
            .. (rule.BuildArgs ?? new Dictionary<string, string>()).OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key}={a.Value}")]);

    /// <summary>The rule's build args and the variables Docker Hub sets for automated builds (SOURCE_BRANCH is the branch
    /// or tag name; SOURCE_COMMIT and COMMIT_MSG are empty when the push did not carry them, and the worker fills them
    /// from the commit it fetches: <c>CommitVariables</c>).</summary>
    private static Dictionary<string, string> BuildArgs(BuildTrigger trigger, BuildRule rule, RefUpdate update, string tag, string? registryHost)
    {
        var repository = registryHost is null ? trigger.Repository : $"{registryHost}/{trigger.Repository}";
        var args = new Dictionary<string, string>(rule.BuildArgs ?? new Dictionary<string, string>(), StringComparer.Ordinal)
        {
            ["SOURCE_BRANCH"] = update.Ref.Name,
            ["SOURCE_COMMIT"] = update.Commit ?? "",
            ["COMMIT_MSG"] = update.CommitMessage?.TrimEnd('\n') ?? "",
            ["DOCKER_REPO"] = repository,
            ["DOCKER_TAG"] = tag,
            ["IMAGE_NAME"] = $"{repository}:{tag}",
            ["DOCKERFILE_PATH"] = rule.Dockerfile,
        };
        return args;
    }
}
