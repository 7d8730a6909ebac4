using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Wharf.Cli.Api;

namespace Wharf.Cli.Commands.Accounts;

/// <summary><c>wharf webhook create|list|delete|deliveries|redeliver|enable|disable|secret</c>: endpoints Wharf posts a
/// repository's (or a namespace's) pushes, deletes, pulls and build results to, signed with a secret shown once
/// (docs/api.md, decision 022). Managed by the repository's or namespace's administrators.</summary>
internal static class WebhookCommand
{
    private const string TargetDescription =
        "The repository (REPO or HOST[:PORT]/REPO, then --server may be left out), or with --namespace a namespace (a user or organisation).";

    public static Command Create() => ApiCommand.Group("webhook", "Webhooks: where a repository's or namespace's events are posted, signed.",
        New(), List(), Delete(), Deliveries(), Redeliver(), Enable(true), Enable(false), Secret());

    private static Command New()
    {
        var target = new Argument<string>("repository") { Description = TargetDescription };
        var space = Namespace();
        var url = new Option<string>("--url") { Description = "The receiver: an http:// or https:// URL.", Required = true };
        var actions = new Option<string[]>("--action")
        {
            Description = "What is sent (repeatable): push, delete, pull, build. Default: push, delete and build (pulls only when asked).",
            HelpName = "ACTION",
        };
        actions.AcceptOnlyFromAmong("push", "delete", "pull", "build");
        var headers = new Option<string[]>("--header", "-H") { Description = "'Name: value', sent with every POST (repeatable); shown again by name only.", HelpName = "HEADER" };
        var disabled = new Option<bool>("--disabled") { Description = "Create it disabled: nothing is sent until `wharf webhook enable`." };
        var command = ApiCommand.Create("webhook create", "Register a webhook; its secret is printed this once.", [target, space, url, actions, headers, disabled], async call =>
        {
            var created = await call.Client.CreateWebhookAsync(
                call.Repository!, call.Get(space), call.Get(url)!, call.Get(actions) ?? [], Headers(call.Get(headers) ?? []), !call.Get(disabled), call.Ct);
            if (call.Json)
            {
                JsonOutput.Write(created, WebhookJson.Default); // the one time the secret is printed, as the server returned it
                return;
            }

            Console.WriteLine($"id:       {created.Id}");
            Console.WriteLine($"for:      {Scope(created.Repository, created.Namespace)}");
            Console.WriteLine($"url:      {created.Url}");
            Console.WriteLine($"actions:  {string.Join(", ", created.Actions)}");
            Console.WriteLine($"secret:   {created.Secret}");
            await Console.Error.WriteLineAsync(
                "Save the secret now: it is not shown again. The receiver checks X-Wharf-Signature-256, sha256= and the hex HMAC-SHA256 of the body with it.");
        }, json: true, repository: target);
        command.Validators.Add(r =>
        {
            foreach (var header in r.GetValue(headers) ?? [])
            {
                if (header.IndexOf(':', StringComparison.Ordinal) <= 0)
                {
                    r.AddError($"--header '{header.Split(':')[0]}…' must be 'Name: value'");
                }
            }
        });
        return command;
    }

    private static Command List()
    {
        var target = new Argument<string>("repository") { Description = TargetDescription };
        var space = Namespace();
        var command = ApiCommand.Create("webhook list", "List the webhooks of a repository or a namespace (never their secrets).", [target, space], async call =>
        {
            var webhooks = await call.Client.ListWebhooksAsync(call.Repository!, call.Get(space), call.Ct);
            if (call.Json)
            {
                JsonOutput.Write(webhooks, WebhookJson.Default);
                return;
            }

            var table = new TextTable("ID", "URL", "ACTIONS", "ENABLED", "HEADERS", "CREATED");
            foreach (var w in webhooks)
            {
                table.Add($"{w.Id}", w.Url, string.Join(",", w.Actions), Display.YesNo(w.Enabled), string.Join(",", w.Headers), Display.Time(w.CreatedAt));
            }

            table.Print(Console.Out);
        }, json: true, repository: target);
        command.Aliases.Add("ls");
        return command;
    }

    private static Command Delete()
    {
        var id = Id();
        var command = ApiCommand.Create("webhook delete", "Delete a webhook with its delivery log.", [id], async call =>
        {
            await call.Client.DeleteWebhookAsync(call.Get(id), call.Ct);
            Console.WriteLine($"deleted webhook {call.Get(id)}");
        });
        command.Aliases.Add("rm");
        return command;
    }

    private static Command Deliveries()
    {
        var id = Id();
        var limit = new Option<int>("--limit", "-n") { Description = "How many, newest first (at most 100).", DefaultValueFactory = _ => 20 };
        limit.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 100)
            {
                r.AddError("--limit must be from 1 to 100");
            }
        });
        return ApiCommand.Create("webhook deliveries", "A webhook's delivery log: each event, its state, attempts and last answer.", [id, limit], async call =>
        {
            var deliveries = await call.Client.ListWebhookDeliveriesAsync(call.Get(id), call.Get(limit), call.Ct);
            if (call.Json)
            {
                JsonOutput.Write(deliveries, WebhookJson.Default);
                return;
            }

            var table = new TextTable("ID", "ACTION", "REPOSITORY", "STATE", "ATTEMPTS", "STATUS", "TIME", "LAST ATTEMPT", "NEXT", "ERROR");
            foreach (var d in deliveries)
            {
                table.Add(
                    $"{d.Id}", d.Action, d.Repository, d.State, $"{d.Attempts}", d.StatusCode?.ToString(CultureInfo.InvariantCulture),
                    d.DurationMs is { } ms ? $"{ms} ms" : null, Display.Time(d.LastAttemptAt), Display.Time(d.NextAttemptAt), d.Error);
            }

            table.Print(Console.Out);
        }, json: true);
    }

    private static Command Redeliver()
    {
        var id = Id();
        var delivery = Id("delivery", "The delivery's id, as `wharf webhook deliveries` shows it.");
        return ApiCommand.Create("webhook redeliver", "Send a delivery's event again (the same event id), as a new delivery due now.", [id, delivery], async call =>
        {
            var again = await call.Client.RedeliverAsync(call.Get(id), call.Get(delivery), call.Ct);
            Console.WriteLine($"queued delivery {again.Id} of event {again.EventId} (again of {call.Get(delivery)})");
        });
    }

    private static Command Enable(bool enabled)
    {
        var id = Id();
        var name = enabled ? "enable" : "disable";
        var description = enabled ? "Enable a webhook: events from now on are sent." : "Disable a webhook: nothing more is sent, and its pending deliveries fail.";
        return ApiCommand.Create($"webhook {name}", description, [id], async call =>
        {
            await call.Client.SetWebhookEnabledAsync(call.Get(id), enabled, call.Ct);
            Console.WriteLine($"{name}d webhook {call.Get(id)}");
        });
    }

    private static Command Secret()
    {
        var id = Id();
        return ApiCommand.Create("webhook secret", "Give a webhook a new secret, printed this once; the old one stops signing at once.", [id], async call =>
        {
            var created = await call.Client.ReplaceWebhookSecretAsync(call.Get(id), call.Ct);
            if (call.Json)
            {
                JsonOutput.Write(created, WebhookJson.Default);
                return;
            }

            Console.WriteLine($"secret:   {created.Secret}");
            await Console.Error.WriteLineAsync("Save the secret now: it is not shown again.");
        }, json: true);
    }

    private static Option<bool> Namespace() =>
        new("--namespace") { Description = "The argument names a namespace: the webhook hears every repository in it (its administrators only)." };

    private static Argument<long> Id(string name = "id", string description = "The webhook's id, as `wharf webhook list` shows it.") => new(name)
    {
        Description = description,
        CustomParser = r => long.TryParse(r.Tokens[0].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : Invalid(r, $"'{r.Tokens[0].Value}' is not an id: a number, as `wharf webhook list` shows"),
    };

    /// <summary>'Name: value' pairs (checked by the command's validator) as a dictionary.</summary>
    private static Dictionary<string, string> Headers(IEnumerable<string> headers) =>
        headers.Select(h => h.Split(':', 2)).ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);

    private static string Scope(string? repository, string? space) => repository ?? $"{space}/* (namespace)";

    private static long Invalid(ArgumentResult result, string message)
    {
        result.AddError(message);
        return 0;
    }
}
