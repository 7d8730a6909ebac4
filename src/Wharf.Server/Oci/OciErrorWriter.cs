using System.Text.Encodings.Web;
using System.Text.Json;
using Wharf.Oci.Errors;

namespace Wharf.Server.Oci;

/// <summary>The only place that writes the distribution-spec error body
/// <c>{"errors":[{"code","message","detail":{"requestId","reason"}}]}</c>.</summary>
internal static class OciErrorWriter
{
    /// <param name="message">The <c>message</c> member; null for the spec table's message for the code.</param>
    public static async Task WriteAsync(HttpContext context, OciErrorCode code, string? detail, string? message = null)
    {
        var response = context.Response;
        if (response.HasStarted)
        {
            // Too late for a status: the client sees a truncated body and its digest check fails.
            context.Abort();
            return;
        }

        response.StatusCode = OciErrors.Status(code);
        response.ContentType = "application/json; charset=utf-8";
        response.Headers.ContentLength = null;
        if (HttpMethods.IsHead(context.Request.Method))
        {
            return;
        }

        await using var writer = new Utf8JsonWriter(response.Body, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        writer.WriteStartObject();
        writer.WriteStartArray("errors");
        writer.WriteStartObject();
        writer.WriteString("code", OciErrors.Code(code));
        writer.WriteString("message", message ?? OciErrors.Message(code));
        // distribution-spec: detail "MAY contain arbitrary JSON data"; docker, containerd and skopeo decode it as an
        // untyped value and print code and message only, so an object here breaks no client. It carries the request id
        // (the X-Request-Id header and every log line of the request), and the free-text reason when there is one.
        writer.WriteStartObject("detail");
        writer.WriteString("requestId", context.TraceIdentifier);
        if (detail is not null)
        {
            writer.WriteString("reason", detail);
        }

        writer.WriteEndObject();

        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
        await writer.FlushAsync(context.RequestAborted);
    }
}
