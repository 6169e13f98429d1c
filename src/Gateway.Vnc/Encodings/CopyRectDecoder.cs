using System.Buffers;
using Gateway.Display.Surfaces;
using Gateway.Vnc.Rfb;

namespace Gateway.Vnc.Encodings;

/// <summary>
/// RFC 6143 7.7.2 CopyRect: src-x-position and src-y-position (U16 each); the rectangle is copied from there within
/// the framebuffer (becomes a Guacamole <c>copy</c>). The source must lie inside the framebuffer too.
/// </summary>
public sealed class CopyRectDecoder : IRectangleDecoder
{
    /// <inheritdoc />
    public int Encoding => EncodingType.CopyRect;

    /// <inheritdoc />
    public DecodeStatus Decode(ref SequenceReader<byte> reader, in RectangleHeader header, DecoderContext context, IFramebufferSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        DecoderChecks.RequireInside(header, sink, "copyrect");
        if (reader.Remaining < 4)
        {
            return DecodeStatus.NeedMoreData;
        }

        DecoderChecks.TryReadUInt16(ref reader, out ushort sourceX);
        DecoderChecks.TryReadUInt16(ref reader, out ushort sourceY);
        if ((long)sourceX + header.Width > sink.Width || (long)sourceY + header.Height > sink.Height)
        {
            throw new RfbProtocolException(
                $"copyrect source {header.Width}x{header.Height} at {sourceX},{sourceY} lies outside the {sink.Width}x{sink.Height} framebuffer");
        }

        if (header.Width > 0 && header.Height > 0)
        {
            sink.Copy(new PixelRect(sourceX, sourceY, header.Width, header.Height), header.X, header.Y);
        }

        return DecodeStatus.Complete;
    }

    /// <inheritdoc />
    public void Reset()
    {
    }
}
