using System.Data;
using System.Data.Common;
using Wharf.Registry.Diagnostics;

namespace Wharf.Registry.Metadata;

/// <summary>Times a connection from the moment it was asked for until it closes (the store disposes it at the end of
/// each method), through the connection's own <see cref="DbConnection.StateChange"/> event: every ADO.NET provider
/// raises it, so the connection handed out stays the provider's own type (Dapper picks features by that type) and no
/// query needs editing. One store method is one operation: pool wait, statements and commit together.</summary>
internal sealed class DatabaseTiming
{
    private readonly string _operation;
    private readonly long _started;

    private DatabaseTiming(string operation, long started)
    {
        _operation = operation;
        _started = started;
    }

    public static void Track(DbConnection connection, string operation, long started) =>
        connection.StateChange += new DatabaseTiming(operation, started).OnStateChange;

    private void OnStateChange(object sender, StateChangeEventArgs e)
    {
        if (e.CurrentState != ConnectionState.Closed)
        {
            return;
        }

        ((DbConnection)sender).StateChange -= OnStateChange;
        RegistryMetrics.DatabaseOperation(OperationName(_operation), _started);
    }

    /// <summary>"FindBlobLinkAsync" → "FindBlobLink".</summary>
    private static string OperationName(string member) =>
        member.Length == 0 ? "unknown" : member.EndsWith("Async", StringComparison.Ordinal) ? member[..^5] : member;
}
