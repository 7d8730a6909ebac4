using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;
using Wharf.Oci.Images;

namespace Wharf.Server.Api;

/// <summary>Source-generated JSON for the /api endpoints.</summary>
[JsonSerializable(typeof(ImageDiff))]
[JsonSerializable(typeof(ProblemDetails))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;
