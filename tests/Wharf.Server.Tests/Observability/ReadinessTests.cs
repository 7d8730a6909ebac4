using System.Net;
using Microsoft.Data.Sqlite;
using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.Observability;

/// <summary><c>/healthz</c> says the process is up; <c>/readyz</c> says whether the database and the blob store
/// answer, and when one does not, names it in a 503 with a one-line reason, never a stack trace or a path.</summary>
public sealed class ReadinessTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_working_registry_is_ready()
    {
        await using var server = await WharfServer.StartAsync();

        using var ready = await server.Client.GetAsync("/readyz", Ct);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("ready", await ready.Content.ReadAsStringAsync(Ct));
        Assert.Equal("text/plain", ready.Content.Headers.ContentType?.MediaType);
        Assert.Equal("ok", await server.Client.GetStringAsync("/healthz", Ct));
    }

    [Fact]
    public async Task A_database_that_cannot_be_opened_makes_it_not_ready_with_503_naming_the_database()
    {
        var data = Directory.CreateTempSubdirectory("wharf-readyz-").FullName;
        var databaseDirectory = Path.Combine(data, "db");
        Directory.CreateDirectory(databaseDirectory);
        try
        {
            await using var server = await WharfServer.StartAsync(data, new Dictionary<string, string?> { ["Database:ConnectionString"] = Path.Combine(databaseDirectory, "wharf.db") });
            Directory.Delete(databaseDirectory, recursive: true);
            // Pooled connections keep the deleted file open; a new connection is what a restarted node would get.
            SqliteConnection.ClearAllPools();

            using var response = await server.Client.GetAsync("/readyz", Ct);
            var body = await response.Content.ReadAsStringAsync(Ct);

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("not ready\ndatabase: failed (SqliteException)", body);
            Assert.Equal("ok", await server.Client.GetStringAsync("/healthz", Ct));
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task A_missing_blob_store_makes_it_not_ready_with_503_naming_the_blob_store()
    {
        var data = Directory.CreateTempSubdirectory("wharf-readyz-").FullName;
        try
        {
            await using var server = await WharfServer.StartAsync(data);
            Directory.Delete(Path.Combine(data, "blobs"), recursive: true);

            using var response = await server.Client.GetAsync("/readyz", Ct);
            var body = await response.Content.ReadAsStringAsync(Ct);

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("not ready\nblob store: failed (DirectoryNotFoundException)", body);
            Assert.DoesNotContain(data, body, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
