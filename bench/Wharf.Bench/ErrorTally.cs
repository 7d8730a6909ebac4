using System.Collections.Concurrent;
using System.Net.Sockets;

namespace Wharf.Bench;

/// <summary>Counts failed requests of one workload by kind, keeping the first full message of each kind.</summary>
internal sealed class ErrorTally
{
    private readonly ConcurrentDictionary<string, int> _counts = new();
    private readonly ConcurrentDictionary<string, string> _first = new();
    private int _total;

    public int Total => Volatile.Read(ref _total);

    public void Add(Exception error)
    {
        var (kind, message) = Describe(error);
        _counts.AddOrUpdate(kind, 1, (_, n) => n + 1);
        _first.TryAdd(kind, message);
        Interlocked.Increment(ref _total);
    }

    public void Add(string kind)
    {
        _counts.AddOrUpdate(kind, 1, (_, n) => n + 1);
        _first.TryAdd(kind, kind);
        Interlocked.Increment(ref _total);
    }

    /// <summary>"GET manifest → 404 MANIFEST_UNKNOWN ×12; …", most frequent first.</summary>
    public string Summary(int kinds = 3) => string.Join("; ", _counts
        .OrderByDescending(pair => pair.Value)
        .Take(kinds)
        .Select(pair => $"{_first[pair.Key]} ×{pair.Value}"));

    public static (string Kind, string Message) Describe(Exception error) => error switch
    {
        HttpFailure failure => (failure.Kind, failure.Message),
        HttpRequestException { InnerException: SocketException socket } => ($"socket {socket.SocketErrorCode}", $"connection failed: {socket.SocketErrorCode}"),
        HttpRequestException { InnerException: Exception inner } request => ($"HTTP error {inner.GetType().Name}", $"HTTP error: {request.Message} {inner.Message}"),
        HttpRequestException request => ("HTTP error", $"HTTP error: {request.Message}"),
        TaskCanceledException or OperationCanceledException => ("timeout", "request timed out or was cancelled"),
        IOException io => ("I/O error", $"I/O error: {io.Message}"),
        _ => (error.GetType().Name, $"{error.GetType().Name}: {error.Message}"),
    };
}
