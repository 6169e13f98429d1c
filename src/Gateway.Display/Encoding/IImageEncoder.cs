using System.Buffers;

namespace Gateway.Display.Encoding;

/// <summary>
/// Encodes a rectangle of 32-bit BGRA pixels (premultiplied alpha is not used: alpha is straight) into
/// one image file. Implementations are thread-safe: the display encodes regions on a worker pool.
/// </summary>
public interface IImageEncoder
{
    /// <summary>What this encoder produces.</summary>
    ImageFormat Format { get; }

    /// <summary>The mimetype sent in <c>img</c>, e.g. <c>image/png</c>.</summary>
    string Mimetype { get; }

    /// <summary>
    /// True when encoding is only a copy (an image that arrived encoded): not worth handing to another thread.
    /// </summary>
    bool IsCopy => false;

    /// <summary>Encodes <paramref name="width"/>×<paramref name="height"/> pixels whose rows start <paramref name="stride"/> bytes apart.</summary>
    void Encode(ReadOnlySpan<byte> bgra, int width, int height, int stride, EncodeOptions options, IBufferWriter<byte> output);
}
