namespace Wharf.Build.Lint;

/// <summary>One layer of a built image and its sizes: as pushed (<see cref="CompressedSize"/>, the blob) and unpacked
/// (<see cref="UncompressedSize"/>, the tar). <see cref="Line"/> and <see cref="Instruction"/> as in
/// <see cref="LayerContent"/>.</summary>
public sealed record LayerSize(int Line, string Instruction, long CompressedSize, long UncompressedSize);
