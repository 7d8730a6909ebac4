namespace Wharf.Registry.Overview;

/// <summary>Storage figures as a viewer may see them. A figure over several repositories is shown only to a viewer who
/// may see every one of them (else its size would tell about the hidden ones): <see cref="Total"/> is null unless the
/// viewer sees the whole registry, and a namespace is listed only if the viewer sees all its repositories.</summary>
/// <param name="Repositories">The visible repositories, largest first.</param>
public sealed record StorageOverview(StoredBytes? Total, IReadOnlyList<NamedBytes> Namespaces, IReadOnlyList<NamedBytes> Repositories);
