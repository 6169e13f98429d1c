namespace Gateway.Display.Encoding;

/// <summary>Shared argument checks for <see cref="IImageEncoder.Encode"/> implementations.</summary>
internal static class EncoderArguments
{
    /// <summary>Throws unless the pixel buffer holds <paramref name="height"/> rows of <paramref name="width"/> BGRA pixels.</summary>
    public static void Validate(ReadOnlySpan<byte> bgra, int width, int height, int stride, int maxDimension)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(width, maxDimension);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(height, maxDimension);
        if (stride < width * 4)
        {
            throw new ArgumentOutOfRangeException(nameof(stride), "stride is shorter than a row");
        }

        long needed = ((long)(height - 1) * stride) + ((long)width * 4);
        if (bgra.Length < needed)
        {
            throw new ArgumentException("pixel buffer is shorter than height rows of stride bytes", nameof(bgra));
        }
    }
}
