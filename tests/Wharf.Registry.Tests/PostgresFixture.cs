// One private PostgreSQL server for the whole assembly: the PostgreSQL contract suites ask it for a database each.
[assembly: AssemblyFixture(typeof(Wharf.TestKit.PostgresCluster))]
