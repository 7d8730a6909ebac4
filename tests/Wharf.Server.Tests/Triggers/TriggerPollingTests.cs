using System.Net;
using Wharf.Server.Tests.Builds;

namespace Wharf.Server.Tests.Triggers;

/// <summary>Polling for a remote that cannot call back: the first poll only records the refs; a new commit on a branch
/// and a new tag are then built by the rules, as a webhook would have them built.</summary>
public sealed class TriggerPollingTests(BuildsServerFixture fixture) : IClassFixture<BuildsServerFixture>, IDisposable
{
    private readonly TestGitRepository _git = new();

    private BuildsServer Builds => fixture.Server;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _git.Dispose();

    [Fact]
    public async Task New_commits_and_tags_are_built_once_polling_sees_them_and_what_was_there_is_not()
    {
        var alice = await Builds.Api.NewUserAsync("alice");
        await _git.CommitAsync("first", ("Dockerfile", "LOG polled"));
        await _git.GitAsync("tag", "v0.9");
        var body = $$"""
            {"repository":"{{alice.Name}}/app","gitUrl":"{{_git.Url}}","pollIntervalSeconds":1,
             "rules":[{"kind":"branch","source":"main","tag":"latest"},{"kind":"tag","source":"/^v(.*)$/","tag":"{\\1}"}]}
            """;
        var trigger = (await Builds.Api.JsonAsync(HttpMethod.Post, "/api/v1/triggers", alice, body, HttpStatusCode.Created))["trigger"]!["id"]!.GetValue<long>();
        await WaitAsync(() => PolledAsync(trigger));
        await Task.Delay(TimeSpan.FromSeconds(1.5), Ct); // a second poll of the same refs

        Assert.Empty(await Builds.Queue.ListAsync($"{alice.Name}/app", null, 10, Ct));

        var second = await _git.CommitAsync("second", ("app.txt", "2"));
        await _git.GitAsync("tag", "-a", "v1.0", "-m", "release"); // an annotated tag: built from the commit it names
        await WaitAsync(async () => (await Builds.Queue.ListAsync($"{alice.Name}/app", null, 10, Ct)).Count >= 2);
        var built = await Builds.Queue.ListAsync($"{alice.Name}/app", null, 10, Ct);

        Assert.Equal(2, built.Count);
        Assert.All(built, b => Assert.Equal("poll", b.Spec.Reason));
        Assert.All(built, b => Assert.Equal(second, b.Spec.Git!.Ref));
        Assert.Equal(["1.0", "latest"], built.SelectMany(b => b.Spec.Tags).Order(StringComparer.Ordinal));
        foreach (var build in built)
        {
            Assert.Equal("succeeded", (await Builds.WaitAsync(alice, build.Id))["state"]!.GetValue<string>());
        }
    }

    private async Task<bool> PolledAsync(long trigger)
    {
        var database = Builds.Api.Server.Services.GetService(typeof(Wharf.Registry.Metadata.SqlDatabase)) as Wharf.Registry.Metadata.SqlDatabase;
        await using var c = await database!.OpenAsync(Ct);
        await using var command = c.CreateCommand();
        command.CommandText = $"SELECT polled_refs IS NOT NULL FROM build_triggers WHERE id = {trigger}";
        return Convert.ToInt64(await command.ExecuteScalarAsync(Ct), System.Globalization.CultureInfo.InvariantCulture) == 1;
    }

    private static async Task WaitAsync(Func<Task<bool>> probe)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            if (await probe())
            {
                return;
            }

            await Task.Delay(100, Ct);
        }

        throw new TimeoutException("polling did not see the change within 20 s");
    }
}
