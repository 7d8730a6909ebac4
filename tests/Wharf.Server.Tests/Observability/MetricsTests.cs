using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Wharf.Registry.Maintenance;
using Wharf.Server.Tests.Conformance;
using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.Observability;

/// <summary><c>/metrics</c> after real registry traffic over HTTP: requests by OCI endpoint, method and status, bytes
/// in and out, storage and database timings, garbage collection; and never a repository name or digest in a label.</summary>
[Collection(nameof(HostMetricsIsolation))]
public sealed class MetricsTests(WharfServerFixture fixture) : IClassFixture<WharfServerFixture>
{
    private const string Requests = "http_server_request_duration_seconds_count";
    private readonly OciTestClient _client = new(fixture.Server.Client);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_push_and_a_pull_are_counted_by_oci_endpoint_method_and_status_with_their_bytes()
    {
        var repository = OciTestClient.NewRepository("metrics");
        var before = await PrometheusScrape.TakeAsync(_client.Http);

        var image = await _client.PushImageAsync(repository, "v1");
        using (var manifest = await _client.GetAsync($"/v2/{repository}/manifests/v1", ("Accept", image.Manifest.MediaType)))
        {
            await OciAssert.StatusAsync(manifest, HttpStatusCode.OK);
        }

        using (var blob = await _client.GetAsync($"/v2/{repository}/blobs/{image.Layer.Digest}"))
        {
            Assert.Equal(image.Layer.Bytes, await blob.Content.ReadAsByteArrayAsync(Ct));
        }

        using (var missing = await _client.GetAsync($"/v2/{repository}/manifests/v2"))
        {
            await OciAssert.StatusAsync(missing, HttpStatusCode.NotFound);
        }

        var after = await PrometheusScrape.TakeAsync(_client.Http);
        AssertMoved(before, after, 2, Requests, ("http_route", "/v2/{name}/blobs/uploads/"), ("http_request_method", "POST"), ("http_response_status_code", "201"));
        AssertMoved(before, after, 1, Requests, ("http_route", "/v2/{name}/manifests/{reference}"), ("http_request_method", "PUT"), ("http_response_status_code", "201"));
        AssertMoved(before, after, 1, Requests, ("http_route", "/v2/{name}/manifests/{reference}"), ("http_request_method", "GET"), ("http_response_status_code", "200"));
        AssertMoved(before, after, 1, Requests, ("http_route", "/v2/{name}/manifests/{reference}"), ("http_request_method", "GET"), ("http_response_status_code", "404"));
        AssertMoved(before, after, 1, Requests, ("http_route", "/v2/{name}/blobs/{digest}"), ("http_request_method", "GET"), ("http_response_status_code", "200"));

        var pushed = image.Config.Size + image.Layer.Size;
        AssertMoved(before, after, pushed, "wharf_http_request_body_bytes_total", ("endpoint", "upload"));
        AssertMoved(before, after, image.Manifest.Bytes.Length, "wharf_http_request_body_bytes_total", ("endpoint", "manifest"));
        AssertMoved(before, after, image.Layer.Size, "wharf_http_response_body_bytes_total", ("endpoint", "blob"));
        AssertMoved(before, after, image.Manifest.Bytes.Length, "wharf_http_response_body_bytes_total", ("endpoint", "manifest"));

        AssertMoved(before, after, 2, "wharf_storage_operation_duration_seconds_count", ("operation", "commit_parts"), ("outcome", "ok"));
        AssertMoved(before, after, 1, "wharf_storage_operation_duration_seconds_count", ("operation", "open_read"), ("outcome", "ok"));
        AssertMoved(before, after, 1, "wharf_db_operation_duration_seconds_count", ("operation", "PutManifest"));
        AssertMoved(before, after, 1, "wharf_db_operation_duration_seconds_count", ("operation", "FindBlobLink"));
        Assert.Contains(after.Samples, s => s.Name == "wharf_uploads_active");

        AssertNoLabelNames(after, repository, image.Layer.Digest, image.Config.Digest, image.Manifest.Digest);
    }

    [Fact]
    public async Task A_garbage_collection_run_and_what_it_freed_are_counted()
    {
        var repository = OciTestClient.NewRepository("metrics-gc");
        var orphan = TestImages.Layer(4096);
        await _client.PushBlobAsync(repository, orphan);
        var before = await PrometheusScrape.TakeAsync(_client.Http);

        // What `wharf gc` does: no grace, so the blob no manifest names is unlinked and deleted now.
        var report = await fixture.Server.Services.GetRequiredService<GarbageCollector>().CollectAsync(TimeSpan.Zero, Ct);

        var after = await PrometheusScrape.TakeAsync(_client.Http);
        Assert.True(report.BytesFreed >= orphan.Size, $"the run freed {report.BytesFreed} bytes");
        AssertMoved(before, after, 1, "wharf_gc_runs_total", ("outcome", "completed"));
        AssertMoved(before, after, 1, "wharf_gc_duration_seconds_count", ("outcome", "completed"));
        AssertMoved(before, after, orphan.Size, "wharf_gc_freed_bytes_total");
        AssertMoved(before, after, 1, "wharf_gc_blobs_deleted_total");
        AssertMoved(before, after, 1, "wharf_gc_links_removed_total");
        AssertNoLabelNames(after, repository, orphan.Digest);
    }

    [Fact]
    public async Task The_scrape_carries_the_runtime_and_process_metrics()
    {
        var scrape = await PrometheusScrape.TakeAsync(_client.Http);

        Assert.Contains(scrape.Samples, s => s.Name == "dotnet_gc_collections_total");
        Assert.Contains(scrape.Samples, s => s.Name == "dotnet_process_memory_working_set_bytes");
        Assert.Contains(scrape.Samples, s => s.Name == "dotnet_process_cpu_time_seconds_total");
        Assert.Contains(scrape.Samples, s => s.Name == "kestrel_active_connections");
    }

    /// <summary>Asserts that the sum moved by at least <paramref name="expected"/>: other servers in this test process
    /// may add to the same series, never take from it.</summary>
    internal static void AssertMoved(PrometheusScrape before, PrometheusScrape after, double expected, string name, params (string Name, string Value)[] labels)
    {
        var moved = after.Sum(name, labels) - before.Sum(name, labels);
        Assert.True(moved >= expected, $"{name}{{{string.Join(",", labels.Select(l => $"{l.Name}=\"{l.Value}\""))}}} moved by {moved}, expected at least {expected}");
    }

    /// <summary>No repository name, tag or digest is a label value: they would make a series per image.</summary>
    internal static void AssertNoLabelNames(PrometheusScrape scrape, string repository, params string[] digests)
    {
        foreach (var sample in scrape.Samples)
        {
            foreach (var (label, value) in sample.Labels)
            {
                Assert.False(value.Contains(repository.Split('/')[1], StringComparison.Ordinal), $"{sample.Name} has {label}=\"{value}\": a repository name");
                Assert.DoesNotContain("sha256", value, StringComparison.Ordinal);
            }
        }

        foreach (var digest in digests)
        {
            Assert.DoesNotContain(digest.Split(':')[1], scrape.Text, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(repository, scrape.Text, StringComparison.Ordinal);
    }
}
