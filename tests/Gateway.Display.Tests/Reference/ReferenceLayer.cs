namespace Gateway.Display.Tests.Reference;

/// <summary>One layer of the <see cref="ReferenceClient"/>: straight-alpha BGRA pixels plus visible-layer properties.</summary>
public sealed class ReferenceLayer
{
    public ReferenceLayer(int width, int height)
    {
        Width = width;
        Height = height;
        Pixels = new byte[width * height * 4];
    }

    public int Width { get; private set; }

    public int Height { get; private set; }

    public byte[] Pixels { get; private set; }

    public int X { get; set; }

    public int Y { get; set; }

    public int Z { get; set; }

    public int Parent { get; set; }

    public int Opacity { get; set; } = 255;

    public List<(int X, int Y, int W, int H)> Path { get; } = new();

    public uint Get(int x, int y) => BitConverter.ToUInt32(Pixels, ((y * Width) + x) * 4);

    public void Set(int x, int y, uint value) => BitConverter.TryWriteBytes(Pixels.AsSpan(((y * Width) + x) * 4, 4), value);

    public void Resize(int width, int height)
    {
        var pixels = new byte[width * height * 4];
        for (int y = 0; y < Math.Min(height, Height); y++)
        {
            Pixels.AsSpan(y * Width * 4, Math.Min(width, Width) * 4).CopyTo(pixels.AsSpan(y * width * 4));
        }

        Width = width;
        Height = height;
        Pixels = pixels;
    }
}
