using System.Net;
using System.Text.Json.Nodes;

namespace Wharf.Server.Tests.Api.Accounts;

/// <summary>Assertions on the management API's answers.</summary>
public static class ApiAssert
{
    /// <summary>An RFC 9457 problem: the media type, and the status, title and detail fields.</summary>
    public static void Problem(HttpResponseMessage response, string body, HttpStatusCode status)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(body)!;
        Assert.Equal((int)status, problem["status"]!.GetValue<int>());
        Assert.False(string.IsNullOrEmpty(problem["title"]?.GetValue<string>()));
        Assert.False(string.IsNullOrEmpty(problem["detail"]?.GetValue<string>()));
        Assert.False(string.IsNullOrEmpty(problem["type"]?.GetValue<string>()));
        Assert.False(string.IsNullOrEmpty(problem["requestId"]?.GetValue<string>()));
        if (status == HttpStatusCode.Unauthorized)
        {
            Assert.Equal("Basic realm=\"wharf\"", response.Headers.WwwAuthenticate.ToString());
        }
    }

    /// <summary>A problem body without its <c>requestId</c>, which differs on every request, for comparing two answers.</summary>
    public static string WithoutRequestId(string body)
    {
        var problem = JsonNode.Parse(body)!.AsObject();
        problem.Remove("requestId");
        return problem.ToJsonString();
    }

    /// <summary>The names in a JSON array of objects with a <c>name</c>.</summary>
    public static string[] Names(JsonNode array) => [.. array.AsArray().Select(n => n!["name"]!.GetValue<string>())];
}
