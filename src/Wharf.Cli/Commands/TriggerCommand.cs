using System.CommandLine;
using Wharf.Cli.Api;
using Wharf.Cli.Commands.Accounts;
using Wharf.Cli.Output;
using Wharf.Oci;

namespace Wharf.Cli.Commands;

/// <summary><c>wharf trigger create|list|show|delete|enable|disable|run|credential</c>: automated builds of a repository
/// from pushes to a git remote (issue 10). Creating one prints the webhook URL and secret to paste into the git host; the
/// secret is not shown again, nor is a private remote's credential (<see cref="TriggerCredentialOptions"/>).</summary>
internal static class TriggerCommand
{
    public static Command Create() => ApiCommand.Group("trigger", "Automated builds: rebuild a repository's tags on pushes to a git remote.",
        New(), List(), Show(), Delete(), Enable(true), Enable(false), Run(), TriggerCredentialCommand.Create());

    private static Command New()
    {
        var repository = new Argument<string>("repository") { Description = "REPO or HOST[:PORT]/REPO the images are pushed to." };
        var git = new Option<string>("--git") { Description = "The git remote (https://, ssh:// or git@host:path).", Required = true };
        var rules = new Option<string[]>("--rule")
        {
            Description = "KIND SOURCE -> TAG, in order (repeatable): 'branch main -> latest', 'tag /^v([0-9.]+)$/ -> {\\1}'. None: the default branch builds latest.",
        };
        var dockerfile = new Option<string?>("--dockerfile", "-f") { Description = "The Dockerfile, relative to the context (default Dockerfile)." };
        var context = new Option<string?>("--context") { Description = "The context folder in the repository (default .)." };
        var buildArgs = new Option<string[]>("--build-arg") { Description = "NAME=VALUE for every rule's builds (repeatable)." };
        var noCache = new Option<bool>("--no-cache") { Description = "Build without the build cache." };
        var test = new Option<string?>("--test")
        {
            Description = "A shell command run in each built image (as RUN would: /bin/sh -c, no network); its failure fails the build, so nothing is pushed.",
            HelpName = "COMMAND",
        };
        var disableAfter = new Option<int?>("--disable-after") { Description = "Turn the trigger off after this many failed builds in a row (default 5; 0 never)." };
        var poll = new Option<int?>("--poll") { Description = "Also ask the remote for its refs every SECONDS (for a git host that cannot send webhooks).", HelpName = "SECONDS" };
        var credential = new TriggerCredentialOptions();
        var noBaseRebuild = new Option<bool>("--no-base-image-rebuild")
        {
            Description = "Do not rebuild when an image of this registry that a build read by tag (FROM) gets a new digest.",
        };
        var command = ApiCommand.Create("trigger create", "Create a trigger; prints the webhook URL and its secret (shown this once).",
            [repository, git, rules, dockerfile, context, buildArgs, noCache, test, disableAfter, poll, noBaseRebuild, .. credential.Symbols], async call =>
            {
                var args = BuildCommand.ParseBuildArgs(call.Get(buildArgs) ?? []);
                var parsed = (call.Get(rules) ?? []).Select(r => TriggerRuleText.Parse(
                    r, call.Get(dockerfile), call.Get(context), args.Count == 0 ? null : args, call.Get(noCache), call.Get(test))).ToList();
                if (parsed.Count == 0 && (call.Get(dockerfile) is not null || call.Get(context) is not null || args.Count > 0 || call.Get(noCache) || call.Get(test) is not null))
                {
                    throw new ArgumentException("--dockerfile, --context, --build-arg, --no-cache and --test go with --rule: give the rules they apply to");
                }

                var created = await call.Client.CreateTriggerAsync(
                    call.Repository!, call.Get(git)!, parsed, call.Get(disableAfter), call.Get(poll), await credential.ReadAsync(call.Result, call.Ct),
                    call.Get(noBaseRebuild) ? false : null, call.Ct);
                if (call.Json)
                {
                    JsonOutput.Write(created, ApiJson.Default);
                    return;
                }

                Console.WriteLine($"trigger:      {created.Trigger.Id}");
                Console.WriteLine($"webhook URL:  {created.Trigger.WebhookUrl}");
                Console.WriteLine($"secret:       {created.WebhookSecret}");
                foreach (var rule in created.Trigger.Rules)
                {
                    Console.WriteLine($"rule:         {TriggerRuleText.Format(rule)}");
                }

                await Console.Error.WriteLineAsync(
                    "Add the URL as a push webhook (content type application/json) with the secret as its secret or secret token; it is not shown again.");
            }, json: true, repository: repository);
        credential.Validate(command);
        return command;
    }

    private static Command List()
    {
        var repository = new Argument<string>("repository") { Description = "REPO or HOST[:PORT]/REPO." };
        return ApiCommand.Create("trigger list", "List a repository's triggers.", [repository], async call =>
        {
            var triggers = await call.Client.ListTriggersAsync(call.Repository!, call.Ct);
            if (call.Json)
            {
                JsonOutput.Write(triggers, ApiJson.Default);
                return;
            }

            var table = new TextTable("ID", "GIT", "RULES", "ENABLED", "FAILURES");
            foreach (var t in triggers)
            {
                table.Add($"{t.Id}", t.GitUrl, string.Join("; ", t.Rules.Select(TriggerRuleText.Format)), Display.YesNo(t.Enabled), $"{t.ConsecutiveFailures}");
            }

            table.Print(Console.Out);
        }, json: true, repository: repository);
    }

    private static Command Show()
    {
        var id = new Argument<long>("id") { Description = "The trigger's id." };
        return ApiCommand.Create("trigger show", "Show a trigger: its remote, rules, state, webhook URL and the base images it rebuilds on.", [id], async call =>
        {
            var t = await call.Client.GetTriggerAsync(call.Get(id), call.Ct);
            if (call.Json)
            {
                JsonOutput.Write(t, ApiJson.Default);
                return;
            }

            Console.WriteLine($"trigger:      {t.Id} on {t.Repository}");
            Console.WriteLine($"git:          {t.GitUrl}");
            Console.WriteLine($"webhook URL:  {t.WebhookUrl}");
            Console.WriteLine($"enabled:      {Display.YesNo(t.Enabled)} ({t.ConsecutiveFailures} failed builds in a row; off at {t.DisableAfterFailures})");
            Console.WriteLine($"polling:      {(t.PollIntervalSeconds is { } seconds ? $"every {seconds} s" : "no (webhooks only)")}");
            Console.WriteLine($"credential:   {(t.HasCredential ? "yes (not shown)" : "none")}");
            foreach (var rule in t.Rules)
            {
                Console.WriteLine($"rule:         {TriggerRuleText.Format(rule)} (Dockerfile {rule.Dockerfile}, context {rule.Context}{(rule.Test is null ? "" : $", test {rule.Test}")})");
            }

            Console.WriteLine($"base images:  {(t.RebuildOnBaseImage ? "rebuilt when one moves" : "not rebuilt when one moves")}");
            foreach (var b in t.BaseImages ?? [])
            {
                Console.WriteLine($"base image:   {b.Repository}:{b.Tag} (read as {Short(b.Digest)} by {b.Ref} -> {string.Join(", ", b.ImageTags)})");
            }
        }, json: true);
    }

    private static string Short(string digest) => Digest.TryParse(digest, out var parsed) ? ShortDigest.Of(parsed) : digest;

    private static Command Delete()
    {
        var id = new Argument<long>("id") { Description = "The trigger's id." };
        return ApiCommand.Create("trigger delete", "Delete a trigger; its builds stay in the history.", [id], async call =>
        {
            await call.Client.DeleteTriggerAsync(call.Get(id), call.Ct);
            Console.WriteLine($"deleted trigger {call.Get(id)}");
        });
    }

    private static Command Enable(bool enabled)
    {
        var id = new Argument<long>("id") { Description = "The trigger's id." };
        var verb = enabled ? "enable" : "disable";
        return ApiCommand.Create($"trigger {verb}", enabled ? "Turn a trigger on again." : "Turn a trigger off: webhooks are refused.", [id], async call =>
        {
            var t = await call.Client.SetTriggerEnabledAsync(call.Get(id), enabled, call.Ct);
            Console.WriteLine($"trigger {t.Id} is {(t.Enabled ? "on" : "off")}");
        });
    }

    private static Command Run()
    {
        var id = new Argument<long>("id") { Description = "The trigger's id." };
        var gitRef = new Option<string>("--ref") { Description = "The branch or tag (refs/heads/NAME, refs/tags/NAME, or a branch name).", Required = true };
        var commit = new Option<string?>("--commit") { Description = "The full commit id to build (default: what the ref points at)." };
        return ApiCommand.Create("trigger run", "Build now: queue the builds the trigger's rules give a branch or tag.", [id, gitRef, commit], async call =>
        {
            var builds = await call.Client.BuildNowAsync(call.Get(id), call.Get(gitRef)!, call.Get(commit), call.Ct);
            if (call.Json)
            {
                JsonOutput.Write(builds, ApiJson.Default);
                return;
            }

            foreach (var b in builds)
            {
                Console.WriteLine(b.Skipped is null ? $"build {b.BuildId} queued: {string.Join(", ", b.Tags)}" : $"{b.Ref}: {b.Skipped}");
            }
        }, json: true);
    }
}
