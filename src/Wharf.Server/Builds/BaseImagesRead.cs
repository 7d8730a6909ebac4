using Wharf.Registry.Triggers;

namespace Wharf.Server.Builds;

/// <summary>The images of this registry one build read by tag, as <see cref="SubmitterBaseImages"/> opened them: what a
/// trigger's ref is rebuilt on once the build succeeds (decision 023). Stages may resolve their images concurrently.</summary>
internal sealed class BaseImagesRead
{
    private readonly List<BaseImageRead> _reads = [];

    public void Add(BaseImageRead read)
    {
        lock (_reads)
        {
            _reads.Add(read);
        }
    }

    public IReadOnlyList<BaseImageRead> ToList()
    {
        lock (_reads)
        {
            return [.. _reads];
        }
    }
}
