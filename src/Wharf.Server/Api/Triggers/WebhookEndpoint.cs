using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.Features;
using Wharf.Registry.Builds;
using Wharf.Registry.Triggers;
using Wharf.Registry.Triggers.Webhooks;
using Wharf.Server.Api.Accounts;
using Wharf.Server.Triggers;

namespace Wharf.Server.Api.Triggers;

/// <summary><c>POST /api/v1/triggers/{id}/webhook</c>, where a git host reports pushes. No account signs in: the sender
/// proves it knows the trigger's secret, checked on the raw body in constant time before anything parses it
/// (<see cref="GitWebhooks"/>). Then a delivery id seen before is answered and not acted on again, deletions and
/// non-push events build nothing, and each pushed ref goes to <see cref="TriggerBuilds"/>. Every answer is one the git
/// host's delivery log shows: 202 with the builds queued, 200 when nothing was to be built and why, 401 for a wrong
/// secret, 404 for no such trigger, 409 for a trigger turned off, 400 for a body its host does not send.</summary>
internal static class WebhookEndpoint
{
    /// <summary>GitHub caps a delivery at 25 MB; a push of many commits comes close.</summary>
    public const int MaxBodyBytes = 25 * 1024 * 1024;

    public static async Task<IResult> ReceiveAsync(long id, HttpContext http, SqlTriggerStore triggers, TriggerBuilds triggerBuilds, SecretKeys keys, CancellationToken ct)
    {
        var body = await ReadBodyAsync(http, ct);
        var request = new WebhookRequest(http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), body);
        var trigger = await triggers.FindAsync(id, ct);
        string? secret;
        try
        {
            secret = trigger is null || keys.Box is not { } box ? null : await triggers.GetWebhookSecretAsync(id, box, ct);
        }
        catch (CryptographicException)
        {
            throw new ApiProblemException(ApiProblem.Of(StatusCodes.Status503ServiceUnavailable, "Secret key mismatch",
                "this server cannot open the trigger's secret: every node sharing the database needs the same Secrets:Key"));
        }

        if (trigger is null || secret is null)
        {
            throw new ApiProblemException(ApiProblem.NotFound("Unknown trigger", $"there is no trigger {id}"));
        }

        if (!GitWebhooks.Verify(request, secret))
        {
            throw new ApiProblemException(ApiProblem.Unauthorized($"the delivery is not signed with trigger {id}'s secret (the {request.Host} signature header is missing or wrong)"));
        }

        PushNotice notice;
        try
        {
            notice = GitWebhooks.Parse(request);
        }
        catch (FormatException e)
        {
            throw new ApiProblemException($"not a {request.Host} push: {e.Message}");
        }

        if (!trigger.Enabled)
        {
            throw new ApiProblemException(ApiProblem.Conflict($"trigger {id} is turned off (after {trigger.ConsecutiveFailures} failed builds in a row, or by an administrator)"));
        }

        if (notice.Ignored is { } ignored)
        {
            return Answer(notice, ignored, []);
        }

        if (notice.DeliveryId is { Length: > 0 and <= 200 } delivery && !await triggers.RecordDeliveryAsync(id, delivery, ct))
        {
            return Answer(notice, $"delivery {delivery} was received before; nothing more is built", []);
        }

        var queued = await triggerBuilds.QueueAsync(trigger, notice.Updates, BuildReasons.Webhook, trigger.RegistryHost ?? TriggerEndpoints.RegistryHost(http), manual: false, ct);
        return Answer(notice, queued.Count == 0 ? "the push changed no branch or tag" : null, queued);
    }

    private static IResult Answer(PushNotice notice, string? ignored, IReadOnlyList<TriggeredBuild> builds) => Results.Json(
        new WebhookAnswer(notice.DeliveryId, ignored, [.. builds.Select(TriggeredBuildInfo.From)]),
        TriggersJsonContext.Default.WebhookAnswer,
        statusCode: builds.Any(b => b.BuildId is not null && b.Skipped is null) ? StatusCodes.Status202Accepted : StatusCodes.Status200OK);

    private static async Task<byte[]> ReadBodyAsync(HttpContext http, CancellationToken ct)
    {
        if (http.Request.ContentLength > MaxBodyBytes)
        {
            throw new ApiProblemException(ApiProblem.TooLarge($"a webhook delivery is at most {MaxBodyBytes} bytes"));
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBodyBytes;
        }

        try
        {
            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer, ct);
            return buffer.ToArray();
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw new ApiProblemException(ApiProblem.TooLarge($"a webhook delivery is at most {MaxBodyBytes} bytes"));
        }
        catch (BadHttpRequestException e)
        {
            throw new ApiProblemException($"the delivery could not be read: {e.Message}");
        }
    }
}
