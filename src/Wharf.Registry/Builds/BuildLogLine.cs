namespace Wharf.Registry.Builds;

/// <summary>One line of a build's log; sequences rise in the order the worker wrote them.</summary>
public sealed record BuildLogLine(long Sequence, string Text);
