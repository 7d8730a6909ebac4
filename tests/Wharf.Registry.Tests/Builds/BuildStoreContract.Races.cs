using System.Collections.Concurrent;
using Wharf.Registry.Builds;

namespace Wharf.Registry.Tests.Builds;

/// <summary>Workers on two machines (two handles on one database) claiming from one queue at once.</summary>
public abstract partial class BuildStoreContract
{
    [Fact]
    public async Task Two_machines_claiming_at_once_never_take_the_same_build()
    {
        const int builds = 40;
        var one = await CreateStoreAsync();
        var two = new SqlBuildStore(OpenAgain(), Time);
        for (var i = 0; i < builds; i++)
        {
            await one.EnqueueAsync(Spec("team/app"), Ct);
        }

        // Four workers on each machine, each claiming until the queue is empty, all at once.
        var claims = new ConcurrentBag<(string Worker, long Id)>();
        using var start = new ManualResetEventSlim();
        var workers = Enumerable.Range(0, 8).Select(n => Task.Run(
            async () =>
            {
                var store = n % 2 == 0 ? one : two;
                var worker = $"machine{n % 2}-worker{n}";
                start.Wait(Ct);
                while (await store.ClaimAsync(worker, Lease, Ct) is { } claimed)
                {
                    claims.Add((worker, claimed.Build.Id));
                }
            },
            Ct)).ToList();
        start.Set();
        await Task.WhenAll(workers);

        Assert.Equal(builds, claims.Count);
        Assert.Equal(builds, claims.Select(c => c.Id).Distinct().Count());
        foreach (var (worker, id) in claims)
        {
            var build = (await one.FindAsync(id, Ct))!;
            Assert.Equal(worker, build.WorkerId);
            Assert.Equal(1, build.Attempts);
        }
    }

    [Fact]
    public async Task Recovery_on_two_machines_at_once_moves_each_expired_build_once()
    {
        var one = await CreateStoreAsync();
        var two = new SqlBuildStore(OpenAgain(), Time);
        var ids = new List<long>();
        for (var i = 0; i < 10; i++)
        {
            await one.EnqueueAsync(Spec("team/app"), Ct);
            ids.Add((await one.ClaimAsync("dead", Lease, Ct))!.Build.Id);
        }

        Time.Advance(Lease + TimeSpan.FromSeconds(1));
        var moved = await Task.WhenAll(
            Task.Run(() => one.RecoverExpiredAsync(3, Ct), Ct),
            Task.Run(() => two.RecoverExpiredAsync(3, Ct), Ct));

        Assert.Equal(10, moved.Sum());
        foreach (var id in ids)
        {
            Assert.Equal(BuildState.Queued, (await one.FindAsync(id, Ct))!.State);
            Assert.Single(await one.ReadLogAsync(id, 0, 10, Ct));
        }
    }
}
