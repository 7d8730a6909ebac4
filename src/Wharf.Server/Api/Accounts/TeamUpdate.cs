using System.Text.Json.Serialization;
using Wharf.Registry.Auth;

namespace Wharf.Server.Api.Accounts;

/// <summary>Body of <c>PATCH /api/v1/orgs/{org}/teams/{team}</c>.</summary>
internal sealed record TeamUpdate([property: JsonConverter(typeof(KebabCaseEnumConverter<OrganisationRole>))] OrganisationRole? Role);
