using System.Collections.Concurrent;

namespace Wharf.Server.Tests.Client;

/// <summary>Records every progress report synchronously, in order (System.Progress would post them to the pool).</summary>
internal sealed class RecordingProgress : IProgress<long>
{
    public ConcurrentQueue<long> Reports { get; } = new();

    public void Report(long value) => Reports.Enqueue(value);
}
