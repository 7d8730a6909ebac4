using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Wharf.Server.Api.Accounts;

/// <summary>Puts the request bodies of an endpoint with <see cref="DocumentedBody"/> metadata (one per content type)
/// into its OpenAPI operation, with the schema the document generates for each type.</summary>
internal sealed class RequestBodyTransformer : IOpenApiOperationTransformer
{
    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var bodies = context.Description.ActionDescriptor.EndpointMetadata.OfType<DocumentedBody>().ToList();
        if (bodies.Count == 0)
        {
            return;
        }

        var content = new Dictionary<string, OpenApiMediaType>();
        foreach (var body in bodies)
        {
            content[body.ContentType] = new() { Schema = await context.GetOrCreateSchemaAsync(body.Type, null, cancellationToken) };
        }

        operation.RequestBody = new OpenApiRequestBody { Required = true, Content = content };
    }
}
