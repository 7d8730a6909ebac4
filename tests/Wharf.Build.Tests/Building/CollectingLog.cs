namespace Wharf.Build.Tests.Building;

/// <summary>A build log kept in memory, for tests that check what a build printed.</summary>
internal sealed class CollectingLog : IBuildLog
{
    private readonly List<string> _lines = [];

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    public void Line(string text)
    {
        lock (_lines)
        {
            _lines.Add(text);
        }
    }
}
