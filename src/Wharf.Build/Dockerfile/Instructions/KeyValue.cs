namespace Wharf.Build.Dockerfile.Instructions;

/// <summary>One <c>key=value</c> of ENV or LABEL.</summary>
public sealed record KeyValue(string Key, string Value);
