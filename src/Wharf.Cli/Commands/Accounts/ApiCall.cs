using System.CommandLine;
using Wharf.Cli.Api;

namespace Wharf.Cli.Commands.Accounts;

/// <summary>What an account command's action works with: its parsed arguments, a client connected to the server
/// with the stored credentials, whether to print JSON, and the repository when the command names one.</summary>
internal sealed record ApiCall(ParseResult Result, WharfApiClient Client, bool Json, string? Repository, CancellationToken Ct)
{
    /// <summary>A required argument's value (System.CommandLine has checked it is there).</summary>
    public T Get<T>(Argument<T> argument) => Result.GetValue(argument)!;

    public T? Get<T>(Option<T> option) => Result.GetValue(option);
}
