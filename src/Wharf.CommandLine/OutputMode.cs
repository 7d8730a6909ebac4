namespace Wharf.CommandLine;

/// <summary>How a command reports: progress and tables for people, nothing but errors, or one JSON document.</summary>
public enum OutputMode
{
    Normal,
    Quiet,
    Json,
}
