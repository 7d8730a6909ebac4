// One private PostgreSQL server for the whole assembly: the PostgreSQL tests ask it for a database each.
[assembly: AssemblyFixture(typeof(Wharf.TestKit.PostgresCluster))]
