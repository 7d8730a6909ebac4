using System.Text;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Wharf.Server.Observability;

/// <summary>The body of <c>/readyz</c>: <c>ready</c>, or <c>not ready</c> and one line per failed part. Plain text,
/// for a person with curl and a probe that reads only the status.</summary>
internal static class ReadinessResponse
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "text/plain; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        if (report.Status == HealthStatus.Healthy)
        {
            return context.Response.WriteAsync("ready", context.RequestAborted);
        }

        var text = new StringBuilder("not ready");
        foreach (var (_, entry) in report.Entries.Where(e => e.Value.Status != HealthStatus.Healthy).OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            text.Append('\n').Append(entry.Description);
        }

        return context.Response.WriteAsync(text.ToString(), context.RequestAborted);
    }
}
