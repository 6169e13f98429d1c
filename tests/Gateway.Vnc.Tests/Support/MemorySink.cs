using System.Buffers.Binary;
using Gateway.Display.Surfaces;
using Gateway.Vnc.Encodings;

namespace Gateway.Vnc.Tests.Support;

/// <summary>An in-memory framebuffer for reader tests: BGRA pixels as uints.</summary>
public sealed class MemorySink(int width, int height) : IFramebufferSink
{
    public int Width { get; private set; } = width;

    public int Height { get; private set; } = height;

    public uint[] Pixels { get; private set; } = new uint[width * height];

    public int CursorWidth { get; private set; }

    public uint Get(int x, int y) => Pixels[(y * Width) + x];

    public void Resize(int width, int height)
    {
        Width = width;
        Height = height;
        Pixels = new uint[width * height];
    }

    public void Put(PixelRect rect, ReadOnlySpan<byte> bgra, int stride)
    {
        for (int y = 0; y < rect.Height; y++)
        {
            for (int x = 0; x < rect.Width; x++)
            {
                Pixels[((rect.Y + y) * Width) + rect.X + x] = BinaryPrimitives.ReadUInt32LittleEndian(bgra[((y * stride) + (x * 4))..]);
            }
        }
    }

    public void Fill(PixelRect rect, Bgra32 colour)
    {
        for (int y = 0; y < rect.Height; y++)
        {
            for (int x = 0; x < rect.Width; x++)
            {
                Pixels[((rect.Y + y) * Width) + rect.X + x] = colour.ToUInt32();
            }
        }
    }

    public void Copy(PixelRect source, int x, int y)
    {
        var copy = (uint[])Pixels.Clone();
        for (int row = 0; row < source.Height; row++)
        {
            for (int col = 0; col < source.Width; col++)
            {
                Pixels[((y + row) * Width) + x + col] = copy[((source.Y + row) * Width) + source.X + col];
            }
        }
    }

    public void SetCursor(int hotspotX, int hotspotY, int width, int height, ReadOnlySpan<byte> bgra, int stride) => CursorWidth = width;
}
