namespace Wharf.Build.Images;

/// <summary>The <c>{}</c> a config's ExposedPorts and Volumes map every key to.</summary>
public sealed record EmptyObject;
