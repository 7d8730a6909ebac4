namespace Wharf.Build.Layers;

/// <summary>One chunk's raw deflate bytes: the first <paramref name="Length"/> bytes of <paramref name="Buffer"/>, an
/// array rented from <see cref="System.Buffers.ArrayPool{T}.Shared"/> that whoever writes it out returns.</summary>
internal readonly record struct DeflateSegment(byte[] Buffer, int Length);
