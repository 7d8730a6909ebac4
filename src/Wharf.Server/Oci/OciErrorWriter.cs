using System.Text.Encodings.Web;
using System.Text.Json;
using Wharf.Oci.Errors;

namespace Wharf.Server.Oci;

/// <summary>The only place that writes the distribution-spec error body <c>{"errors":[{code,message,detail}]}</c>.</summary>
internal static class OciErrorWriter
{
    public static async Task WriteAsync(HttpContext context, OciErrorCode code, string? detail)
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
        writer.WriteString("message", OciErrors.Message(code));
        if (detail is null)
        {
            writer.WriteNull("detail");
        }
        else
        {
            writer.WriteString("detail", detail);
        }

        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
        await writer.FlushAsync(context.RequestAborted);
    }
}
