namespace Wharf.Registry.Migrate;

/// <summary>A table <c>wharf migrate</c> carries.</summary>
/// <param name="Name">The table.</param>
/// <param name="OrderBy">Its primary key: rows are read in this order, so a row that references another row of the same
/// table (a robot its organisation) comes after it, ids being handed out in order.</param>
/// <param name="Identity">The column the database generates values for on insert, if any; copied as it is, after which
/// the target is told to continue past the highest value.</param>
public sealed record RegistryTable(string Name, IReadOnlyList<string> OrderBy, string? Identity = null);
