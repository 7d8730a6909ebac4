namespace Wharf.Bench;

/// <summary>A request that got an unexpected status (or a response missing what the protocol requires).</summary>
internal sealed class HttpFailure : Exception
{
    public HttpFailure(string operation, int status, string code, string detail)
        : base($"{operation} → {(status == 0 ? "" : status + " ")}{code}{(detail.Length == 0 ? "" : ": " + detail)}")
    {
        Operation = operation;
        Status = status;
        Code = code;
    }

    public HttpFailure()
    {
        Operation = Code = "";
    }

    public HttpFailure(string message) : base(message)
    {
        Operation = Code = "";
    }

    public HttpFailure(string message, Exception innerException) : base(message, innerException)
    {
        Operation = Code = "";
    }

    public string Operation { get; }

    public int Status { get; }

    /// <summary>The OCI error code from the body, or a short description.</summary>
    public string Code { get; }

    /// <summary>A key that groups failures of one kind: "PUT manifest → 404 MANIFEST_UNKNOWN".</summary>
    public string Kind => $"{Operation} → {(Status == 0 ? "" : Status + " ")}{Code}";
}
