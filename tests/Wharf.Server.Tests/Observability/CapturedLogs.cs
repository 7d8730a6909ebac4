using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Wharf.Server.Tests.Observability;

/// <summary>A logger provider added to a running test host's logger factory: keeps every entry with the
/// <c>RequestId</c> values of the scopes it was written in, as a console formatter with scopes would print them.</summary>
internal sealed class CapturedLogs : ILoggerProvider, ISupportExternalScope
{
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public ConcurrentQueue<Entry> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    public sealed record Entry(string Category, LogLevel Level, string Message, IReadOnlyList<string> RequestIds);

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => owner._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var ids = new List<string>();
            owner._scopes.ForEachScope(
                (scope, list) =>
                {
                    if (scope is IEnumerable<KeyValuePair<string, object?>> pairs)
                    {
                        list.AddRange(pairs.Where(p => p.Key == "RequestId").Select(p => p.Value?.ToString() ?? ""));
                    }
                },
                ids);
            owner.Entries.Enqueue(new Entry(category, logLevel, formatter(state, exception), ids));
        }
    }
}
