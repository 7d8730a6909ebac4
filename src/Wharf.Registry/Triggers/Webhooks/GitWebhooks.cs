using System.Text.Json;

namespace Wharf.Registry.Triggers.Webhooks;

/// <summary>The push webhooks Wharf takes, one entry per host: how each proves it knows the trigger's secret
/// (checked on the raw body, in constant time, before any parsing) and where its payload keeps the pushed refs.
/// GitHub signs with <c>X-Hub-Signature-256: sha256=HEX</c>; Gitea and Forgejo with <c>X-Gitea-Signature: HEX</c>
/// (<c>X-Forgejo-Signature</c>); Bitbucket Cloud and Data Center with <c>X-Hub-Signature: sha256=HEX</c>; GitLab sends
/// the secret itself as <c>X-Gitlab-Token</c>; the generic form sends it as <c>X-Wharf-Token</c>.</summary>
public static class GitWebhooks
{
    public static bool Verify(WebhookRequest request, string secret) => request.Host switch
    {
        GitHost.GitHub => request.HasHmac(Prefixed(request.Header("X-Hub-Signature-256")), secret),
        GitHost.Gitea => request.HasHmac(request.Header("X-Gitea-Signature") ?? request.Header("X-Forgejo-Signature"), secret),
        GitHost.Bitbucket => request.HasHmac(Prefixed(request.Header("X-Hub-Signature")), secret),
        GitHost.GitLab => WebhookRequest.IsToken(request.Header("X-Gitlab-Token"), secret),
        _ => WebhookRequest.IsToken(request.Header("X-Wharf-Token"), secret),
    };

    /// <summary>The push a verified delivery describes. <see cref="FormatException"/> with a one-line reason when the body
    /// is not the JSON its host sends.</summary>
    public static PushNotice Parse(WebhookRequest request)
    {
        try
        {
            using var document = JsonDocument.Parse(request.Body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("the body is not a JSON object");
            }

            return request.Host switch
            {
                GitHost.GitHub => GitHubPush.Read(request, root, request.Header("X-GitHub-Event"), request.Header("X-GitHub-Delivery"), GitHost.GitHub),
                GitHost.Gitea => GitHubPush.Read(request, root, request.Header("X-Gitea-Event") ?? request.Header("X-Forgejo-Event"),
                    request.Header("X-Gitea-Delivery") ?? request.Header("X-Forgejo-Delivery"), GitHost.Gitea),
                GitHost.GitLab => GitLabPush.Read(request, root),
                GitHost.Bitbucket => BitbucketPush.Read(request, root),
                _ => GenericPush.Read(request, root),
            };
        }
        catch (JsonException e)
        {
            throw new FormatException($"the body is not JSON: {e.Message}", e);
        }
        catch (InvalidOperationException e)
        {
            throw new FormatException($"the payload has a field of the wrong type: {e.Message}", e);
        }
    }

    /// <summary>A full commit id: 40 hex digits (SHA-1) or 64 (SHA-256 repositories).</summary>
    public static bool IsCommit(string? text) => text is { Length: 40 or 64 } && text.All(char.IsAsciiHexDigit);

    /// <summary>What hosts send as "after" when a push deleted the ref: all zeros.</summary>
    internal static bool IsZero(string? text) => text is { Length: > 0 } && text.All(c => c == '0');

    internal static string? String(JsonElement element, params string[] path)
    {
        foreach (var name in path)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element))
            {
                return null;
            }
        }

        return element.ValueKind == JsonValueKind.String ? element.GetString() : null;
    }

    /// <summary>The update for a full ref and the commit after the push (zeros or null: deleted); null for a ref that is
    /// no branch or tag. A commit that is not a full commit id is refused.</summary>
    internal static RefUpdate? Update(string? fullRef, string? after, string? message)
    {
        if (GitRef.Parse(fullRef) is not { } gitRef)
        {
            return null;
        }

        if (after is null || IsZero(after))
        {
            return new RefUpdate(gitRef, null, null, Deleted: true);
        }

        if (!IsCommit(after))
        {
            throw new FormatException($"\"{after}\" for {fullRef} is not a full commit id");
        }

        return new RefUpdate(gitRef, after.ToLowerInvariant(), message);
    }

    private static string? Prefixed(string? header) =>
        header is { } h && h.StartsWith("sha256=", StringComparison.OrdinalIgnoreCase) ? h[7..] : null;
}
