namespace Wharf.Build.Sources;

/// <summary>A git source could not be fetched or checked out; the message is one line, its URLs without credentials.</summary>
internal sealed class GitSourceException(string message) : Exception(message);
