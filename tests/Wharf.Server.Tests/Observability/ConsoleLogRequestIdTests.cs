using System.Diagnostics;
using System.Net;
using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.Observability;

/// <summary>What an operator reads: <c>wharf serve</c> as a process, its console log in the simple and the JSON
/// format, each line of a request carrying the request's id (scopes are on by default).</summary>
public sealed class ConsoleLogRequestIdTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("simple", "RequestId:{0}")]
    [InlineData("json", "\"RequestId\":\"{0}\"")]
    public async Task The_console_log_of_a_request_carries_its_id(string format, string expected)
    {
        var data = Directory.CreateTempSubdirectory("wharf-logs-").FullName;
        try
        {
            await using var server = await WharfProcess.StartAsync(data, Ct, new Dictionary<string, string>
            {
                ["WHARF_Logging__Console__FormatterName"] = format,
                // The endpoint middleware logs "Executing endpoint" from inside the request at Information.
                ["WHARF_Logging__LogLevel__Microsoft.AspNetCore.Routing"] = "Information",
            });
            using var http = new HttpClient { BaseAddress = server.BaseAddress };
            var id = $"obs-{Guid.NewGuid():N}";
            using var request = new HttpRequestMessage(HttpMethod.Get, "/v2/");
            request.Headers.Add("X-Request-Id", id);
            using var response = await http.SendAsync(request, Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);

            // The console logger writes from a queue of its own: give it a moment.
            var line = string.Format(System.Globalization.CultureInfo.InvariantCulture, expected, id);
            var waited = Stopwatch.StartNew();
            while (!server.Log.Contains(line, StringComparison.Ordinal) && waited.Elapsed < TimeSpan.FromSeconds(10))
            {
                await Task.Delay(50, Ct);
            }

            Assert.True(server.Log.Contains(line, StringComparison.Ordinal), $"no '{line}' in the log:\n{server.Log}");
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
