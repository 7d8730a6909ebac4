namespace Wharf.Bench;

/// <summary>One benchmark step: the report rows it fills, its time limit and what it does.</summary>
internal sealed record Workload(string Name, string[] Keys, TimeSpan Timeout, Func<WorkloadContext, Task> Run);
