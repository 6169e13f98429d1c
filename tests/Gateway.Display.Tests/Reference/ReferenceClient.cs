using System.Buffers;
using Gateway.Protocol;

namespace Gateway.Display.Tests.Reference;

/// <summary>
/// A strict, independent model of what a Guacamole client draws: it parses instructions with the production
/// parser and applies size, rect+cfill, copy, img/blob/end, move, shade, dispose and cursor to in-memory layers.
/// Anything drawn outside a layer's bounds fails the test instead of being clipped, so the planner must only emit
/// in-range operations.
/// </summary>
public sealed class ReferenceClient
{
    private readonly InstructionParser _parser = new();
    private readonly Dictionary<int, (int Mask, int Layer, string Mimetype, int X, int Y, MemoryStream Data)> _streams = new();

    public ReferenceClient()
    {
        Layers[0] = new ReferenceLayer(0, 0);
    }

    public Dictionary<int, ReferenceLayer> Layers { get; } = new();

    public Dictionary<string, int> Counts { get; } = new();

    public List<string> Opcodes { get; } = new();

    public byte[]? CursorPixels { get; private set; }

    public int CursorWidth { get; private set; }

    public int CursorHeight { get; private set; }

    public int CursorHotspotX { get; private set; }

    public int CursorHotspotY { get; private set; }

    public int Count(string opcode) => Counts.TryGetValue(opcode, out int n) ? n : 0;

    public void ResetCounts()
    {
        Counts.Clear();
        Opcodes.Clear();
    }

    /// <summary>Applies every instruction in <paramref name="bytes"/>, which must end on an instruction boundary.</summary>
    public void Apply(ReadOnlyMemory<byte> bytes)
    {
        var buffer = new ReadOnlySequence<byte>(bytes);
        while (!buffer.IsEmpty)
        {
            var result = _parser.TryRead(ref buffer, out var view);
            if (result == ParseResult.Error)
            {
                throw new InvalidOperationException($"bad instruction: {_parser.Error}");
            }

            if (result == ParseResult.NeedMoreData)
            {
                throw new InvalidOperationException("truncated instruction");
            }

            Apply(view.ToInstruction());
        }
    }

    private void Apply(Instruction instruction)
    {
        string op = instruction.Opcode;
        Counts[op] = Count(op) + 1;
        Opcodes.Add(op);
        var a = instruction.Args;
        int I(int i) => int.Parse(a[i], System.Globalization.CultureInfo.InvariantCulture);
        switch (op)
        {
            case "size":
                GetLayer(I(0)).Resize(I(1), I(2));
                break;
            case "rect":
                GetLayer(I(0)).Path.Add((I(1), I(2), I(3), I(4)));
                break;
            case "cfill":
                {
                    var layer = GetLayer(I(1));
                    uint colour = (uint)I(4) | ((uint)I(3) << 8) | ((uint)I(2) << 16) | ((uint)I(5) << 24);
                    foreach (var (x, y, w, h) in layer.Path)
                    {
                        CheckInside(layer, x, y, w, h, "cfill");
                        for (int yy = y; yy < y + h; yy++)
                        {
                            for (int xx = x; xx < x + w; xx++)
                            {
                                layer.Set(xx, yy, Composite(I(0), colour, layer.Get(xx, yy)));
                            }
                        }
                    }

                    layer.Path.Clear();
                    break;
                }

            case "copy":
                {
                    var src = GetLayer(I(0));
                    int sx = I(1), sy = I(2), w = I(3), h = I(4), mask = I(5);
                    var dst = GetLayer(I(6));
                    int dx = I(7), dy = I(8);
                    CheckInside(src, sx, sy, w, h, "copy source");
                    CheckInside(dst, dx, dy, w, h, "copy target");
                    var temp = new uint[w * h];
                    for (int y = 0; y < h; y++)
                    {
                        for (int x = 0; x < w; x++)
                        {
                            temp[(y * w) + x] = src.Get(sx + x, sy + y);
                        }
                    }

                    for (int y = 0; y < h; y++)
                    {
                        for (int x = 0; x < w; x++)
                        {
                            dst.Set(dx + x, dy + y, Composite(mask, temp[(y * w) + x], dst.Get(dx + x, dy + y)));
                        }
                    }

                    break;
                }

            case "img":
                _streams[I(0)] = (I(1), I(2), a[3], I(4), I(5), new MemoryStream());
                break;
            case "blob":
                {
                    var data = Convert.FromBase64String(a[1]);
                    if (data.Length > 6048)
                    {
                        throw new InvalidOperationException("blob larger than 6048 bytes");
                    }

                    _streams[I(0)].Data.Write(data);
                    break;
                }

            case "end":
                {
                    var s = _streams[I(0)];
                    _streams.Remove(I(0));
                    // PNG, and the lossy formats (decoded as any browser would) for tests of lossy delivery.
                    if (s.Mimetype is not ("image/png" or "image/jpeg" or "image/webp"))
                    {
                        throw new InvalidOperationException($"unexpected mimetype {s.Mimetype}");
                    }

                    var pixels = SkiaPngEncoder.Decode(s.Data.ToArray(), out int w, out int h);
                    var layer = GetLayer(s.Layer);
                    CheckInside(layer, s.X, s.Y, w, h, "img");
                    for (int y = 0; y < h; y++)
                    {
                        for (int x = 0; x < w; x++)
                        {
                            uint p = BitConverter.ToUInt32(pixels, ((y * w) + x) * 4);
                            layer.Set(s.X + x, s.Y + y, Composite(s.Mask, p, layer.Get(s.X + x, s.Y + y)));
                        }
                    }

                    break;
                }

            case "move":
                {
                    var layer = GetLayer(I(0));
                    layer.Parent = I(1);
                    layer.X = I(2);
                    layer.Y = I(3);
                    layer.Z = I(4);
                    break;
                }

            case "shade":
                GetLayer(I(0)).Opacity = I(1);
                break;
            case "dispose":
                Layers.Remove(I(0));
                break;
            case "cursor":
                {
                    var src = GetLayer(I(2));
                    int sx = I(3), sy = I(4), w = I(5), h = I(6);
                    CheckInside(src, sx, sy, w, h, "cursor");
                    var pixels = new byte[w * h * 4];
                    for (int y = 0; y < h; y++)
                    {
                        src.Pixels.AsSpan((((sy + y) * src.Width) + sx) * 4, w * 4).CopyTo(pixels.AsSpan(y * w * 4));
                    }

                    CursorPixels = pixels;
                    CursorWidth = w;
                    CursorHeight = h;
                    CursorHotspotX = I(0);
                    CursorHotspotY = I(1);
                    break;
                }

            case "sync":
                break;
            default:
                throw new InvalidOperationException($"unexpected instruction {op}");
        }
    }

    private ReferenceLayer GetLayer(int index)
    {
        if (!Layers.TryGetValue(index, out var layer))
        {
            // As in the JS client: visible layers start at the default layer's size, buffers at 0x0.
            layer = index > 0 ? new ReferenceLayer(Layers[0].Width, Layers[0].Height) : new ReferenceLayer(0, 0);
            Layers[index] = layer;
        }

        return layer;
    }

    private static void CheckInside(ReferenceLayer layer, int x, int y, int w, int h, string what)
    {
        if (x < 0 || y < 0 || w <= 0 || h <= 0 || x + w > layer.Width || y + h > layer.Height)
        {
            throw new InvalidOperationException($"{what} {w}x{h}@{x},{y} is outside a {layer.Width}x{layer.Height} layer");
        }
    }

    /// <summary>Straight-alpha compositing for the masks the planner may use.</summary>
    private static uint Composite(int mask, uint s, uint d)
    {
        uint sa = s >> 24;
        uint da = d >> 24;
        switch (mask)
        {
            case 0xC:
                return sa == 0 ? 0 : s;
            case 0x2:
                {
                    uint a = (da * (255 - sa) + 127) / 255;
                    return a == 0 ? 0 : (d & 0xFFFFFFu) | (a << 24);
                }

            case 0xE:
                {
                    if (sa == 255 || da == 0)
                    {
                        return sa == 0 ? d : s;
                    }

                    if (sa == 0)
                    {
                        return d;
                    }

                    double fa = sa / 255.0, fb = da / 255.0 * (1 - fa), oa = fa + fb;
                    uint result = (uint)Math.Round(oa * 255) << 24;
                    for (int shift = 0; shift < 24; shift += 8)
                    {
                        double c = ((((s >> shift) & 0xFF) * fa) + (((d >> shift) & 0xFF) * fb)) / oa;
                        result |= (uint)Math.Clamp(Math.Round(c), 0, 255) << shift;
                    }

                    return result;
                }

            default:
                throw new InvalidOperationException($"unexpected mask {mask}");
        }
    }
}
