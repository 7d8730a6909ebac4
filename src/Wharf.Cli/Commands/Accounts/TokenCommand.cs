using System.CommandLine;
using Wharf.Cli.Api;
using Wharf.Cli.Output;

namespace Wharf.Cli.Commands.Accounts;

/// <summary><c>wharf user token list|create|revoke</c>: personal access tokens, usable as the password in
/// <c>docker login</c>/<c>wharf login</c>, each capped to a scope. A new token's secret is shown once, at creation.</summary>
internal static class TokenCommand
{
    public static Command Create() => ApiCommand.Group("token", "Your personal access tokens: passwords for scripts and CI, each limited to a scope.",
        List(), New(), Revoke());

    private static Command List() => ApiCommand.Create("user token list", "List your tokens (never their secrets).", [], async call =>
    {
        var tokens = await call.Client.ListTokensAsync(call.Ct);
        if (call.Json)
        {
            JsonOutput.Write(tokens, ApiJson.Default);
            return;
        }

        var table = new TextTable("ID", "NAME", "KIND", "SCOPE", "CREATED", "EXPIRES", "LAST USED", "STATE");
        var now = DateTimeOffset.UtcNow;
        foreach (var t in tokens)
        {
            var state = t.RevokedAt is not null ? "revoked" : t.ExpiresAt <= now ? "expired" : "active";
            table.Add($"{t.Id}", t.Name, t.Kind, t.Scope, Display.Time(t.CreatedAt), Display.Time(t.ExpiresAt) ?? "never", Display.Time(t.LastUsedAt) ?? "never", state);
        }

        table.Print(Console.Out);
    }, json: true);

    private static Command New()
    {
        var name = new Argument<string>("name") { Description = "A label saying where the token is used, e.g. ci-deploy." };
        var scope = new Option<string>("--scope")
        {
            Description = "What the token may do at most: read (pull), read-write (pull, push) or delete (everything, including account changes).",
            Required = true,
        };
        scope.AcceptOnlyFromAmong("read", "read-write", "delete");
        var expires = TimeArguments.Time("--expires", "When the token stops working (UTC unless given).");
        var expiresIn = TimeArguments.Duration("--expires-in", $"How long the token works, e.g. {TimeArguments.DurationSyntax}.");
        var command = ApiCommand.Create("user token create", "Create a token; its secret is printed this once.", [name, scope, expires, expiresIn], async call =>
        {
            var expiresAt = call.Get(expires) ?? (call.Get(expiresIn) is { } span ? DateTimeOffset.UtcNow + span : null);
            var token = await call.Client.CreateTokenAsync(call.Get(name), call.Get(scope)!, expiresAt, call.Ct);
            if (call.Json)
            {
                JsonOutput.Write(token, ApiJson.Default); // the one time the secret is printed, as the server returned it
                return;
            }

            Console.WriteLine($"id:       {token.Id}");
            Console.WriteLine($"name:     {token.Name}");
            Console.WriteLine($"scope:    {token.Scope}");
            Console.WriteLine($"expires:  {Display.Time(token.ExpiresAt) ?? "never"}");
            Console.WriteLine($"token:    {token.Token}");
            await Console.Error.WriteLineAsync($"Save the token now: it is not shown again. Use it as the password of `wharf login {call.Client.Server}`.");
        }, json: true);
        command.Validators.Add(r =>
        {
            if (r.GetResult(expires) is not null && r.GetResult(expiresIn) is not null)
            {
                r.AddError("give --expires or --expires-in, not both");
            }
        });
        return command;
    }

    private static Command Revoke()
    {
        var id = new Argument<long>("id")
        {
            Description = "The token's id, as `wharf user token list` shows it.",
            CustomParser = r => long.TryParse(r.Tokens[0].Value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)
                ? n
                : Invalid(r, $"'{r.Tokens[0].Value}' is not a token id: a number, as `wharf user token list` shows"),
        };
        return ApiCommand.Create("user token revoke", "Revoke a token: it stops working at once.", [id], async call =>
        {
            await call.Client.RevokeTokenAsync(call.Get(id), call.Ct);
            Console.WriteLine($"revoked token {call.Get(id)}");
        });
    }

    private static long Invalid(System.CommandLine.Parsing.ArgumentResult result, string message)
    {
        result.AddError(message);
        return 0;
    }
}
