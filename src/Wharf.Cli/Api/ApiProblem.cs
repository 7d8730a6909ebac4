namespace Wharf.Cli.Api;

/// <summary>The fields of an RFC 9457 ProblemDetails body the CLI shows.</summary>
internal sealed record ApiProblem(string? Title, string? Detail, int? Status);
