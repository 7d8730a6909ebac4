using System.Collections.Concurrent;

namespace Wharf.Bench;

/// <summary>Every measurement and error summary of a run, keyed by registry and row.</summary>
internal sealed class ResultBook
{
    private readonly ConcurrentDictionary<(string Target, string Key), Measurement> _values = new();
    private readonly ConcurrentQueue<string> _errors = new();

    public void Record(string target, string key, Measurement measurement) => _values[(target, key)] = measurement;

    public bool Has(string target, string key) => _values.ContainsKey((target, key));

    public Measurement? Find(string target, string key) => _values.TryGetValue((target, key), out var m) ? m : null;

    public void AddError(string target, string workload, string text) => _errors.Enqueue($"{target} / {workload}: {text}");

    public IEnumerable<string> Errors => _errors;

    /// <summary>Ceilings of the machine, by name (MiB/s).</summary>
    public Dictionary<string, Measurement> Ceilings { get; } = [];
}
