namespace Wharf.Cli.Output;

/// <summary>How a command reports: progress and tables for people, nothing but errors, or one JSON document.</summary>
internal enum OutputMode
{
    Normal,
    Quiet,
    Json,
}
