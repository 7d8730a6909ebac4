using System.Text.Json;
using System.Text.Json.Serialization;

namespace Wharf.Server.Api.Accounts;

/// <summary>The API's enum words: lowercase, words joined by <c>-</c> (<c>organisation</c>, <c>read-write</c>,
/// <c>personal-access-token</c>), numbers refused. Put on properties, so the source-generated serializer and the
/// OpenAPI schema both see it.</summary>
internal sealed class KebabCaseEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false)
    where TEnum : struct, Enum;
