using System.Globalization;
using System.Text.RegularExpressions;

namespace Wharf.Bench;

/// <summary>
/// Where a Wharf server's time went during one measurement: the <c>_count</c> and <c>_sum</c> of its
/// <c>wharf_db_operation_duration_seconds</c> and <c>wharf_storage_operation_duration_seconds</c> histograms (its own
/// <c>/metrics</c>, docs/metrics.md) read before and after, summed over its nodes. Divided by the requests served it
/// says how many database and storage calls one request makes and how long they take: the profile of a missed target.
/// </summary>
internal sealed partial class OperationProfile
{
    private readonly Dictionary<string, (double Count, double Sum)> _operations;

    private OperationProfile(Dictionary<string, (double Count, double Sum)> operations) => _operations = operations;

    /// <summary>Reads every endpoint's /metrics; null when any cannot be read (metrics off, not Wharf).</summary>
    public static async Task<OperationProfile?> ReadAsync(HttpClient http, IReadOnlyList<Uri> metricsUrls, CancellationToken ct)
    {
        if (metricsUrls.Count == 0)
        {
            return null;
        }
        var operations = new Dictionary<string, (double Count, double Sum)>(StringComparer.Ordinal);
        foreach (var url in metricsUrls)
        {
            string text;
            try
            {
                using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
                cts.CancelAfter(TimeSpan.FromSeconds(10));
                using var response = await http.GetAsync(url, cts.Token);
                if (!response.IsSuccessStatusCode)
                {
                    return null;
                }
                text = await response.Content.ReadAsStringAsync(cts.Token);
            }
            catch (Exception error) when (error is HttpRequestException or OperationCanceledException && !ct.IsCancellationRequested)
            {
                return null;
            }
            foreach (Match m in Line().Matches(text))
            {
                var key = (m.Groups["kind"].Value == "db" ? "db " : "storage ") + m.Groups["op"].Value;
                var value = double.Parse(m.Groups["value"].Value, NumberStyles.Float, CultureInfo.InvariantCulture);
                var (count, sum) = operations.GetValueOrDefault(key);
                operations[key] = m.Groups["field"].Value == "count" ? (count + value, sum) : (count, sum + value);
            }
        }
        return new OperationProfile(operations);
    }

    /// <summary>"db FindTaggedManifest 1.00/req 0.21 ms/req; storage stat …", the costliest first, per request served
    /// between <paramref name="before"/> and <paramref name="after"/> (<paramref name="per"/> names the unit: with
    /// <paramref name="requests"/> 1, "workload" gives the totals).</summary>
    public static string PerRequest(OperationProfile? before, OperationProfile? after, long requests, string per = "req", int top = 8)
    {
        if (before is null || after is null || requests <= 0)
        {
            return "no operation profile (server /metrics not readable)";
        }
        var rows = after._operations
            .Select(pair =>
            {
                var (count, sum) = before._operations.GetValueOrDefault(pair.Key);
                return (Name: pair.Key, Count: pair.Value.Count - count, Sum: pair.Value.Sum - sum);
            })
            .Where(row => row.Count > 0)
            .OrderByDescending(row => row.Sum)
            .ToList();
        if (rows.Count == 0)
        {
            return "no database or storage operation";
        }
        var total = rows.Where(r => r.Name.StartsWith("db ", StringComparison.Ordinal)).Sum(r => r.Sum) * 1000 / requests;
        var calls = rows.Where(r => r.Name.StartsWith("db ", StringComparison.Ordinal)).Sum(r => r.Count) / requests;
        return string.Create(CultureInfo.InvariantCulture,
            $"database {calls:F2} operations and {total:F3} ms per {per}; ") + string.Join("; ", rows.Take(top).Select(r =>
            string.Create(CultureInfo.InvariantCulture, $"{r.Name} {r.Count / requests:F2}/{per} {r.Sum * 1000 / requests:F3} ms/{per} (mean {r.Sum * 1000 / r.Count:F2} ms)")));
    }

    [GeneratedRegex("""^wharf_(?<kind>db|storage)_operation_duration_seconds_(?<field>sum|count)\{[^}]*operation="(?<op>[^"]+)"[^}]*\} (?<value>[0-9.eE+-]+)""", RegexOptions.Multiline)]
    private static partial Regex Line();
}
