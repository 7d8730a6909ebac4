namespace Wharf.Server.Tests.Builds;

/// <summary>Tests that run alone: they put a directory holding a stand-in <c>ssh</c> first on the process's PATH, which
/// every git started meanwhile would see.</summary>
[CollectionDefinition(nameof(SshOnPath), DisableParallelization = true)]
public sealed class SshOnPath;
