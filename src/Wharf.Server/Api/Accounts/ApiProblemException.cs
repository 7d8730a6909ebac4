namespace Wharf.Server.Api.Accounts;

/// <summary>Stops an API handler with a problem answer (bad input, a missing right): thrown by the checks in
/// <see cref="ApiCaller"/> and <see cref="ApiRequestBody"/>, answered by <see cref="ApiAuthenticationFilter"/>, so a
/// handler reads as its happy path. The message is the problem's detail: never a secret.</summary>
public sealed class ApiProblemException : Exception
{
    public ApiProblemException()
        : this("invalid request")
    {
    }

    public ApiProblemException(string message)
        : base(message)
    {
        Problem = ApiProblem.BadRequest(message);
    }

    public ApiProblemException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problem = ApiProblem.BadRequest(message);
    }

    internal ApiProblemException(ApiProblem problem)
        : base(problem.Details.Detail)
    {
        Problem = problem;
    }

    internal ApiProblem Problem { get; }
}
