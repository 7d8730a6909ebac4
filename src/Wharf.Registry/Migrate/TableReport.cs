namespace Wharf.Registry.Migrate;

/// <summary>Rows of one table copied by <c>wharf migrate</c>.</summary>
public sealed record TableReport(string Table, long Rows);
