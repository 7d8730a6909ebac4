using System.Security.Cryptography;
using System.Text;
using Wharf.Registry.Triggers;
using Wharf.Registry.Triggers.Webhooks;

namespace Wharf.Registry.Tests.Triggers;

/// <summary>Each host's push webhook as its documentation shows it (headers, payload shape, signature): told apart,
/// verified on the raw body, read into the refs it changed; a wrong or missing signature, a deletion, and an event that
/// is not a push each get their answer.</summary>
public sealed class GitWebhooksTests
{
    private const string Secret = "s3cret-from-wharf";
    private const string After = "bffeb74224043ba2feb48d137756c8a9331c449a";
    private const string Zeros = "0000000000000000000000000000000000000000";

    private static string GitHubBody(string after, bool deleted = false)
    {
        var headCommit = deleted ? "null" : $"{{\"id\":\"{after}\",\"message\":\"Fix the build [skip build]\"}}";
        return $$$"""
            {"ref":"refs/heads/main","before":"28e1879d029cb852e4844d9c718537df08844e03","after":"{{{after}}}","created":false,
             "deleted":{{{(deleted ? "true" : "false")}}},"forced":false,"head_commit":{{{headCommit}}},
             "commits":[],"repository":{"full_name":"team/app"}}
            """;
    }

    [Fact]
    public void GitHub_push_is_verified_by_its_sha256_signature_and_read()
    {
        var body = GitHubBody(After);
        var request = Request(body, ("X-GitHub-Event", "push"), ("X-GitHub-Delivery", "72d3162e-cc78-11e3-81ab-4c9367dc0958"),
            ("X-Hub-Signature-256", "sha256=" + Hmac(body)));

        Assert.Equal(GitHost.GitHub, request.Host);
        Assert.True(GitWebhooks.Verify(request, Secret));
        var notice = GitWebhooks.Parse(request);
        Assert.Equal("72d3162e-cc78-11e3-81ab-4c9367dc0958", notice.DeliveryId);
        var update = Assert.Single(notice.Updates);
        Assert.Equal(new GitRef(RefKind.Branch, "main"), update.Ref);
        Assert.Equal(After, update.Commit);
        Assert.Equal("Fix the build [skip build]", update.CommitMessage);
    }

    [Fact]
    public void A_signature_over_other_bytes_a_wrong_secret_or_none_is_refused()
    {
        var body = GitHubBody(After);
        Assert.False(GitWebhooks.Verify(Request(body + " ", ("X-GitHub-Event", "push"), ("X-Hub-Signature-256", "sha256=" + Hmac(body))), Secret));
        Assert.False(GitWebhooks.Verify(Request(body, ("X-GitHub-Event", "push"), ("X-Hub-Signature-256", "sha256=" + Hmac(body, "other"))), Secret));
        Assert.False(GitWebhooks.Verify(Request(body, ("X-GitHub-Event", "push")), Secret));
        Assert.False(GitWebhooks.Verify(Request(body, ("X-GitHub-Event", "push"), ("X-Hub-Signature-256", "sha256=zz")), Secret));
        Assert.False(GitWebhooks.Verify(Request(body, ("X-GitHub-Event", "push"), ("X-Hub-Signature-256", Hmac(body))), Secret)); // the prefix is part of it
    }

    [Fact]
    public void GitHub_deletion_and_ping_build_nothing()
    {
        var deleted = GitWebhooks.Parse(Request(GitHubBody(Zeros, deleted: true), ("X-GitHub-Event", "push")));
        Assert.True(Assert.Single(deleted.Updates).Deleted);

        var ping = GitWebhooks.Parse(Request("""{"zen":"Keep it logically awesome.","hook_id":1}""", ("X-GitHub-Event", "ping")));
        Assert.Empty(ping.Updates);
        Assert.Equal("a ping event, not a push", ping.Ignored);
    }

    [Fact]
    public void Gitea_and_Forgejo_sign_with_bare_hex_and_send_githubs_headers_too()
    {
        var body = $$"""{"secret":"","ref":"refs/tags/v1.4.2","before":"{{Zeros}}","after":"{{After}}","commits":[{"id":"{{After}}","message":"Release"}]}""";
        var gitea = Request(body, ("X-GitHub-Event", "push"), ("X-Gitea-Event", "push"), ("X-Gitea-Delivery", "f6266f16-1bf3-46a5-9ea4-602e06ead473"),
            ("X-Gitea-Signature", Hmac(body)), ("X-Hub-Signature-256", "sha256=" + Hmac(body)));
        var forgejo = Request(body, ("X-Forgejo-Event", "push"), ("X-Forgejo-Delivery", "d1"), ("X-Forgejo-Signature", Hmac(body)));

        Assert.Equal(GitHost.Gitea, gitea.Host);
        Assert.True(GitWebhooks.Verify(gitea, Secret));
        Assert.True(GitWebhooks.Verify(forgejo, Secret));
        Assert.False(GitWebhooks.Verify(Request(body, ("X-Gitea-Event", "push"), ("X-Gitea-Signature", "sha256=" + Hmac(body))), Secret));
        var update = Assert.Single(GitWebhooks.Parse(gitea).Updates);
        Assert.Equal(new GitRef(RefKind.Tag, "v1.4.2"), update.Ref);
        Assert.Equal("Release", update.CommitMessage);
        Assert.Equal("f6266f16-1bf3-46a5-9ea4-602e06ead473", GitWebhooks.Parse(gitea).DeliveryId);
    }

    [Fact]
    public void GitLab_sends_the_token_itself_and_its_idempotency_key_names_the_delivery()
    {
        var body = $$$"""
            {"object_kind":"tag_push","event_name":"tag_push","before":"{{{Zeros}}}","after":"{{{After}}}","ref":"refs/tags/v2.0",
             "checkout_sha":"{{{After}}}","commits":[{"id":"{{{After}}}","message":"Version 2\n"}],"project":{"path_with_namespace":"team/app"}}
            """;
        var request = Request(body, ("X-Gitlab-Event", "Tag Push Hook"), ("X-Gitlab-Token", Secret),
            ("X-Gitlab-Event-UUID", "13792a34-cac6-4fda-95a8-c58e00a3954e"), ("Idempotency-Key", "f5e5f430-f57b-4e6e-9fac-d9128cd7232f"));

        Assert.True(GitWebhooks.Verify(request, Secret));
        Assert.False(GitWebhooks.Verify(Request(body, ("X-Gitlab-Event", "Push Hook"), ("X-Gitlab-Token", Secret + "x")), Secret));
        var notice = GitWebhooks.Parse(request);
        Assert.Equal("f5e5f430-f57b-4e6e-9fac-d9128cd7232f", notice.DeliveryId);
        Assert.Equal(new RefUpdate(new GitRef(RefKind.Tag, "v2.0"), After, "Version 2\n"), Assert.Single(notice.Updates));
        Assert.True(Assert.Single(GitWebhooks.Parse(Request(body.Replace($"\"after\":\"{After}\"", $"\"after\":\"{Zeros}\""), ("X-Gitlab-Event", "Push Hook"))).Updates).Deleted);
    }

    [Fact]
    public void Bitbucket_cloud_lists_every_changed_ref_and_a_deletion_has_no_new_state()
    {
        var body = $$$"""
            {"actor":{"display_name":"A"},"repository":{"full_name":"team/app"},"push":{"changes":[
              {"new":{"type":"branch","name":"main","target":{"type":"commit","hash":"{{{After}}}","message":"Merge\n"}},"old":{"type":"branch","name":"main"},"created":false,"closed":false},
              {"new":null,"old":{"type":"branch","name":"old-feature","target":{"hash":"{{{After}}}"}},"created":false,"closed":true},
              {"new":{"type":"tag","name":"v3","target":{"type":"commit","hash":"{{{After}}}"}},"old":null,"created":true,"closed":false}]}}
            """;
        var request = Request(body, ("X-Event-Key", "repo:push"), ("X-Request-UUID", "afe4a5c6-a4e3-4e3b-8d0b-1b6f1d1c2e3f"), ("X-Hub-Signature", "sha256=" + Hmac(body)));

        Assert.Equal(GitHost.Bitbucket, request.Host);
        Assert.True(GitWebhooks.Verify(request, Secret));
        var updates = GitWebhooks.Parse(request).Updates;
        Assert.Equal(3, updates.Count);
        Assert.Equal(new RefUpdate(new GitRef(RefKind.Branch, "main"), After, "Merge\n"), updates[0]);
        Assert.True(updates[1].Deleted);
        Assert.Equal(new GitRef(RefKind.Tag, "v3"), updates[2].Ref);
    }

    [Fact]
    public void Bitbucket_data_center_refs_changed_is_read_too()
    {
        var body = $$$"""{"eventKey":"repo:refs_changed","changes":[{"ref":{"id":"refs/heads/main","displayId":"main","type":"BRANCH"},"refId":"refs/heads/main","fromHash":"{{{Zeros}}}","toHash":"{{{After}}}","type":"UPDATE"}]}""";
        var request = Request(body, ("X-Event-Key", "repo:refs_changed"), ("X-Request-Id", "r1"), ("X-Hub-Signature", "sha256=" + Hmac(body)));

        Assert.True(GitWebhooks.Verify(request, Secret));
        Assert.Equal(new RefUpdate(new GitRef(RefKind.Branch, "main"), After, null), Assert.Single(GitWebhooks.Parse(request).Updates));
    }

    [Fact]
    public void The_generic_form_takes_a_ref_an_optional_commit_and_the_token()
    {
        var request = Request("""{"ref":"refs/heads/main","id":"delivery-7"}""", ("X-Wharf-Token", Secret));

        Assert.Equal(GitHost.Generic, request.Host);
        Assert.True(GitWebhooks.Verify(request, Secret));
        var notice = GitWebhooks.Parse(request);
        Assert.Equal("delivery-7", notice.DeliveryId);
        Assert.Equal(new RefUpdate(new GitRef(RefKind.Branch, "main"), null, null), Assert.Single(notice.Updates));
        Assert.False(GitWebhooks.Verify(Request("""{"ref":"refs/heads/main"}"""), Secret));
    }

    [Theory]
    [InlineData("not json", "the body is not JSON")]
    [InlineData("[1]", "the body is not a JSON object")]
    [InlineData("""{"after":"x"}""", "the body needs \"ref\"")]
    [InlineData("""{"ref":"main"}""", "\"main\" is not a branch or tag ref")]
    [InlineData("""{"ref":"refs/heads/main","after":"abc"}""", "\"abc\" for refs/heads/main is not a full commit id")]
    public void A_malformed_body_is_one_line(string body, string expected)
    {
        var e = Assert.Throws<FormatException>(() => GitWebhooks.Parse(Request(body)));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    private static WebhookRequest Request(string body, params (string Name, string Value)[] headers) =>
        new(headers.ToDictionary(h => h.Name, h => h.Value, StringComparer.OrdinalIgnoreCase), Encoding.UTF8.GetBytes(body));

    private static string Hmac(string body, string secret = Secret) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));
}
