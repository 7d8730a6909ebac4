namespace Wharf.Server.Tests.Triggers;

/// <summary>Base-image rebuilds on the embedded SQLite database.</summary>
public sealed class SqliteBaseImageRebuildTests : BaseImageRebuildContract
{
    protected override Task<IReadOnlyDictionary<string, string?>> DatabaseAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, string?>>(new Dictionary<string, string?>());
}
