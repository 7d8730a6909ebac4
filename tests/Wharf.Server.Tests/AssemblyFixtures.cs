// One Ceph cluster for the whole assembly, started only if a test asks for it (the S3 backend's tests).
[assembly: AssemblyFixture(typeof(Wharf.TestKit.CephFixture))]
