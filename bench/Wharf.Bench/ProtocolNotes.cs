using System.Collections.Concurrent;

namespace Wharf.Bench;

/// <summary>Oddities a registry showed (missing headers, unexpected status codes), each counted once per kind.</summary>
internal sealed class ProtocolNotes
{
    private readonly ConcurrentDictionary<string, int> _notes = new();

    public void Add(string note) => _notes.AddOrUpdate(note, 1, (_, n) => n + 1);

    public IEnumerable<string> Lines => _notes
        .OrderBy(pair => pair.Key, StringComparer.Ordinal)
        .Select(pair => pair.Value == 1 ? pair.Key : $"{pair.Key} (×{pair.Value})");
}
