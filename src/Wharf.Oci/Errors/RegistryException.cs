namespace Wharf.Oci.Errors;

/// <summary>A protocol violation: the request cannot be served, and the spec names the reason.
/// The server's dispatcher turns it into the spec's <c>{"errors":[…]}</c> body.</summary>
public sealed class RegistryException : Exception
{
    public RegistryException(OciErrorCode code, string? detail = null)
        : base(detail is null ? OciErrors.Message(code) : $"{OciErrors.Message(code)}: {detail}")
    {
        Code = code;
        Detail = detail;
    }

    public RegistryException() : this(OciErrorCode.Unsupported) { }

    public RegistryException(string message) : this(OciErrorCode.Unsupported, message) { }

    public RegistryException(string message, Exception innerException) : base(message, innerException)
    {
        Code = OciErrorCode.Unsupported;
    }

    public OciErrorCode Code { get; }

    /// <summary>When set, the error's <c>message</c> in place of the spec table's: for answers whose text the user must
    /// read, since docker, containerd and podman print the code and the message, never the detail (decision 025).</summary>
    public string? ClientMessage { get; private init; }

    /// <summary>An error whose <paramref name="message"/> clients print (it is also the detail).</summary>
    public static RegistryException Telling(OciErrorCode code, string message) => new(code, message) { ClientMessage = message };

    /// <summary>Free text for the error's <c>detail</c> member; never contains secrets.</summary>
    public string? Detail { get; }
}
