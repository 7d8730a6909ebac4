using System.CommandLine;
using Wharf.Server.Tls;

namespace Wharf.Server.Cli.Commands;

/// <summary><c>wharf serve</c>: runs the registry. Flags override the config file, which environment
/// variables (<c>WHARF_Section__Key</c>) override in turn.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var listen = new Option<string?>("--listen")
        {
            Description = "Address and port to listen on, e.g. 0.0.0.0:5000 or 127.0.0.1:5000 (default 0.0.0.0:5000); https with TLS.",
        };
        var certificate = new Option<string?>("--tls-cert")
        {
            Description = "Serve HTTPS with this PEM certificate (the server's first, then any intermediates); reloaded when it changes.",
        };
        var key = new Option<string?>("--tls-key") { Description = "The PEM private key of --tls-cert." };
        var selfSigned = new Option<bool>("--tls-self-signed")
        {
            Description = "Serve HTTPS with a certificate from Wharf's own CA, made under DATA/tls on the first start; prints how to trust it.",
        };
        var names = new Option<string[]>("--tls-name")
        {
            Description = "A host name or IP address the self-signed certificate covers (repeatable; default: this host's name, localhost, the listen addresses).",
        };
        var configuration = new ServerConfiguration();
        var command = new Command("serve", ServerCommands.Description("serve")) { listen, certificate, key, selfSigned, names };
        configuration.AddTo(command);
        command.SetAction((result, ct) => CommandRunner.RunAsync("serve", async () =>
        {
            var overrides = new Dictionary<string, string?>();
            if (result.GetValue(listen) is { } address)
            {
                // Without a scheme the server picks http or https from the TLS settings.
                overrides["urls"] = address;
            }

            if (result.GetValue(certificate) is { } certificatePath)
            {
                overrides["Tls:CertificatePath"] = certificatePath;
            }

            if (result.GetValue(key) is { } keyPath)
            {
                overrides["Tls:KeyPath"] = keyPath;
            }

            if (result.GetValue(selfSigned))
            {
                overrides["Tls:SelfSigned"] = "true";
            }

            var given = result.GetValue(names) ?? [];
            for (var i = 0; i < given.Length; i++)
            {
                overrides[$"Tls:SelfSignedNames:{i}"] = given[i];
            }

            var app = configuration.Build(result, overrides);
            TlsSetup.LoadCertificate(app.Services);
            await app.RunAsync();
            return 0;
        }, ServerErrors.Describe));
        return command;
    }
}
