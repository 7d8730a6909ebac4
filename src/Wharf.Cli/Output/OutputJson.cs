using System.Text.Json;
using System.Text.Json.Serialization;
using Wharf.Build.Lint;
using Wharf.Oci.Images;

namespace Wharf.Cli.Output;

/// <summary>The contracts of the documents the registry and build commands print with <c>--json</c> (the management
/// API's are <see cref="Api.ApiJson"/>), source-generated for the ahead-of-time compiled client; the settings are
/// <see cref="JsonOutput"/>'s.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ImageReport))]
[JsonSerializable(typeof(ImageDiff))]
[JsonSerializable(typeof(List<Advice>))]
internal sealed partial class OutputJson : JsonSerializerContext;
