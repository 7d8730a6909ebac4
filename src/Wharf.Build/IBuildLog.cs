namespace Wharf.Build;

/// <summary>Where a build writes what it does: one line per call (a step heading, a line a RUN printed, advice). The
/// CLI writes to the terminal, the server to the build's stored log. Called from one thread at a time.</summary>
public interface IBuildLog
{
    void Line(string text);
}
