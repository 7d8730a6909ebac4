namespace Wharf.Server.Tests.Cluster;

/// <summary>One <see cref="WharfCluster"/> with exactly the documented settings, shared by the tests of a class and
/// started before its first test.</summary>
public sealed class ClusterFixture(PostgresCluster postgres, CephFixture ceph) : IAsyncLifetime
{
    private WharfCluster? _cluster;

    internal WharfCluster Cluster => _cluster ?? throw new InvalidOperationException("the cluster did not start");

    public async ValueTask InitializeAsync() =>
        _cluster = await WharfCluster.StartAsync(postgres, ceph, typeof(ClusterFixture), extra: null, TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}
