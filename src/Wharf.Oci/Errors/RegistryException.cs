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

    /// <summary>Free text for the error's <c>detail</c> member; never contains secrets.</summary>
    public string? Detail { get; }
}
