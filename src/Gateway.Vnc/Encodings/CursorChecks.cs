using Gateway.Vnc.Rfb;

namespace Gateway.Vnc.Encodings;

/// <summary>Bounds shared by the Cursor and XCursor pseudo-encodings.</summary>
internal static class CursorChecks
{
    public static void Require(in RectangleHeader header, DecoderContext context, string encoding)
    {
        if (header.Width > context.MaxCursorSize || header.Height > context.MaxCursorSize)
        {
            throw new RfbProtocolException(
                $"{encoding} size {header.Width}x{header.Height} is larger than the {context.MaxCursorSize}x{context.MaxCursorSize} limit");
        }

        if (header.Width > 0 && header.Height > 0 && (header.X >= header.Width || header.Y >= header.Height))
        {
            throw new RfbProtocolException($"{encoding} hotspot {header.X},{header.Y} lies outside its {header.Width}x{header.Height} image");
        }
    }
}
