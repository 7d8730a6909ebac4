using System.ComponentModel.DataAnnotations;
using Wharf.Server.Options;

namespace Wharf.Server.Tests.Auth;

/// <summary>The <c>Auth</c> section's defaults and the values start-up validation refuses.</summary>
public sealed class AuthOptionsTests
{
    [Fact]
    public void The_defaults_are_valid_and_what_decision_007_says()
    {
        var options = new AuthOptions();

        Assert.Empty(Errors(options));
        Assert.True(options.Enabled);
        Assert.Equal(("wharf", "wharf"), (options.Service, options.Issuer));
        Assert.Equal(TimeSpan.FromMinutes(5), options.TokenLifetime);
        Assert.True(options.AnonymousPull);
        Assert.Null(options.AdminPassword);
    }

    [Theory]
    [InlineData("00:00:59")]
    [InlineData("01:00:01")]
    public void A_token_lifetime_out_of_range_is_refused(string lifetime) =>
        Assert.Contains(nameof(AuthOptions.TokenLifetime), Errors(new AuthOptions { TokenLifetime = TimeSpan.Parse(lifetime, System.Globalization.CultureInfo.InvariantCulture) }));

    [Theory]
    [InlineData("")]
    [InlineData("my registry")]
    [InlineData("say\"hi")]
    [InlineData("back\\slash")]
    [InlineData("line\n")]
    public void A_service_or_issuer_that_cannot_go_into_a_quoted_header_is_refused(string value)
    {
        Assert.Contains(nameof(AuthOptions.Service), Errors(new AuthOptions { Service = value }));
        Assert.Contains(nameof(AuthOptions.Issuer), Errors(new AuthOptions { Issuer = value }));
    }

    [Fact]
    public void The_admin_password_is_never_in_a_validation_message()
    {
        var errors = Errors(new AuthOptions { AdminPassword = "s3cret-admin", Realm = "not a url", TokenLifetime = TimeSpan.Zero });

        Assert.Contains(nameof(AuthOptions.Realm), errors);
        Assert.DoesNotContain(errors, e => e.Contains("s3cret-admin", StringComparison.Ordinal));
    }

    private static List<string> Errors(AuthOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return [.. results.SelectMany(r => r.MemberNames.Append(r.ErrorMessage ?? ""))];
    }
}
