namespace Wharf.Build.Execution;

/// <summary>One mount of the OCI runtime config (runtime-spec config.md "mounts").</summary>
internal sealed record RuntimeMount(string Destination, string Type, string Source, IReadOnlyList<string> Options);
