using Wharf.Registry.Auth;
using Wharf.Server.Options;

namespace Wharf.Server.Auth;

/// <summary>What <see cref="TokenEndpoint"/> works with. The account-facing parts are delegates, so the endpoint
/// runs against the accounts store in production and against a dictionary in its tests.</summary>
/// <param name="Authenticate">(user, password or personal access token, client address, ct) → the login's outcome: a
/// principal, wrong credentials, or throttled with when to try again.</param>
/// <param name="Decide">(principal, repository, ct) → the actions the principal has there: <see cref="AccessPolicy"/>.</param>
/// <param name="CreateRefreshToken">(principal, ct) → a new refresh token for it, stored hashed; shown once.</param>
/// <param name="RedeemRefreshToken">(refresh token, ct) → the principal it was issued to, as it is now; null when
/// unknown, revoked or the account is gone.</param>
public sealed record TokenEndpointServices(
    TokenIssuer Issuer,
    AuthOptions Options,
    Func<string, string, string, CancellationToken, Task<LoginResult>> Authenticate,
    Func<Principal, string, CancellationToken, Task<RepositoryAction>> Decide,
    Func<Principal, CancellationToken, Task<string>> CreateRefreshToken,
    Func<string, CancellationToken, Task<Principal?>> RedeemRefreshToken);
