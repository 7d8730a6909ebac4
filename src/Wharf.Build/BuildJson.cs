using System.Text.Json.Serialization;
using Wharf.Build.Cache;
using Wharf.Build.Images;
using Wharf.Build.Store;

namespace Wharf.Build;

/// <summary>The builder's JSON, generated at compile time: configs, manifests, cache entries (local and imported) and listings are read and
/// written on every build, and reflection-based serialization costs a short-lived <c>wharf build</c> process more
/// start-up time than the rest of a rebuild with no change.</summary>
[JsonSerializable(typeof(ImageConfig))]
[JsonSerializable(typeof(ContainerConfig))]
[JsonSerializable(typeof(ImageManifest))]
[JsonSerializable(typeof(CacheEntry))]
[JsonSerializable(typeof(CacheConfig))]
[JsonSerializable(typeof(CacheImageManifest))]
[JsonSerializable(typeof(LayerListing))]
[JsonSerializable(typeof(AdviceReport))]
internal sealed partial class BuildJson : JsonSerializerContext;
