using System.Text.Json.Serialization;
using Wharf.Registry.Auth;

namespace Wharf.Server.Api.Accounts;

/// <summary>Body of <c>POST /api/v1/orgs/{org}/teams</c>.</summary>
internal sealed record TeamCreation(
    string? Name,
    [property: JsonConverter(typeof(KebabCaseEnumConverter<OrganisationRole>))] OrganisationRole? Role);
