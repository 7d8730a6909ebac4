using Wharf.Registry.Triggers;

namespace Wharf.Server.Api.Triggers;

/// <summary>A tag of this registry a trigger's ref is rebuilt on when it moves (decision 023): the latest successful build
/// of <see cref="Ref"/>, which pushed <see cref="ImageTags"/>, read <see cref="Repository"/>:<see cref="Tag"/> as
/// <see cref="Digest"/>.</summary>
internal sealed record BaseImageInfo(string Ref, IReadOnlyList<string> ImageTags, string Repository, string Tag, string Digest, DateTimeOffset RecordedAt)
{
    public static BaseImageInfo From(WatchedBaseImage w) => new(w.SourceRef, w.ImageTags, w.Repository, w.Tag, w.Digest, w.RecordedAt);
}
