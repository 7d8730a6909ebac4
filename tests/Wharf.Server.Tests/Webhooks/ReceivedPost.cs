namespace Wharf.Server.Tests.Webhooks;

/// <summary>One POST a <see cref="WebhookReceiver"/> took: its headers (names lowercase) and its body, byte for byte.</summary>
public sealed record ReceivedPost(IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var value) ? value : "";
}
