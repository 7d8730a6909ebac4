using Wharf.Build;

namespace Wharf.Cli.Build;

/// <summary>A build's log on the terminal: step headings and what RUN steps print, on stderr, so stdout carries only
/// the result (the digest) for scripts.</summary>
internal sealed class ConsoleBuildLog(bool quiet) : IBuildLog
{
    public void Line(string text)
    {
        if (!quiet)
        {
            Console.Error.WriteLine(text);
        }
    }
}
