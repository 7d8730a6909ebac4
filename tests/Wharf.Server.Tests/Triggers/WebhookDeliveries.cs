using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace Wharf.Server.Tests.Triggers;

/// <summary>Push webhooks as each git host sends them (headers, payload shape, signature), built for a test push.</summary>
internal static class WebhookDeliveries
{
    public const string Zeros = "0000000000000000000000000000000000000000";

    public static HttpRequestMessage GitHub(string url, string secret, string fullRef, string after, string delivery, string message = "change")
    {
        var deleted = after == Zeros;
        var headCommit = deleted ? "null" : "{\"id\":\"" + after + "\",\"message\":\"" + message + "\"}";
        var body = $$$"""
            {"ref":"{{{fullRef}}}","before":"{{{Zeros}}}","after":"{{{after}}}","deleted":{{{(deleted ? "true" : "false")}}},
             "head_commit":{{{headCommit}}},"commits":[]}
            """;
        return Request(url, body, ("X-GitHub-Event", "push"), ("X-GitHub-Delivery", delivery), ("X-Hub-Signature-256", "sha256=" + Hmac(secret, body)));
    }

    public static HttpRequestMessage Gitea(string url, string secret, string fullRef, string after, string delivery)
    {
        var body = $$"""{"ref":"{{fullRef}}","before":"{{Zeros}}","after":"{{after}}","commits":[{"id":"{{after}}","message":"release"}]}""";
        return Request(url, body, ("X-GitHub-Event", "push"), ("X-Gitea-Event", "push"), ("X-Gitea-Delivery", delivery), ("X-Gitea-Signature", Hmac(secret, body)));
    }

    public static HttpRequestMessage GitLab(string url, string token, string fullRef, string after, string delivery)
    {
        var body = $$"""{"object_kind":"push","ref":"{{fullRef}}","before":"{{Zeros}}","after":"{{after}}","checkout_sha":"{{after}}","commits":[]}""";
        return Request(url, body, ("X-Gitlab-Event", "Push Hook"), ("X-Gitlab-Token", token), ("X-Gitlab-Event-UUID", delivery));
    }

    public static HttpRequestMessage Bitbucket(string url, string secret, string branch, string after, string delivery)
    {
        var body = $$$"""{"push":{"changes":[{"new":{"type":"branch","name":"{{{branch}}}","target":{"hash":"{{{after}}}","message":"m"}},"old":null}]}}""";
        return Request(url, body, ("X-Event-Key", "repo:push"), ("X-Request-UUID", delivery), ("X-Hub-Signature", "sha256=" + Hmac(secret, body)));
    }

    public static HttpRequestMessage Generic(string url, string token, string fullRef)
    {
        var body = $$"""{"ref":"{{fullRef}}"}""";
        return Request(url, body, ("X-Wharf-Token", token));
    }

    private static HttpRequestMessage Request(string url, string body, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }

    private static string Hmac(string secret, string body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));
}
