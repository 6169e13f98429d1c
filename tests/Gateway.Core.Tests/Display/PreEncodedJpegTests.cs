using Gateway.Core.Display;
using Gateway.Core.Sessions;
using Gateway.Core.Tests.Support;
using Gateway.Display.Encoding;
using Gateway.Display.Surfaces;
using Gateway.Display.Tests.Encoding;
using Gateway.Display.Tests.Reference;
using Gateway.Protocol;
using Gateway.Protocol.Handshake;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Core.Tests.Display;

/// <summary>
/// A back end's own JPEG (<c>DisplayModel.PutEncoded</c> with decoded pixels, or <c>TryPutEncoded</c> kept undecoded)
/// sent as it came, or encoded by us when it may not be.
/// </summary>
public sealed class PreEncodedJpegTests
{
    private const int Width = 320;
    private const int Height = 240;
    private static readonly PixelRect Area = new(40, 30, 160, 120);

    private static (byte[] Jpeg, byte[] Pixels, byte[] Sanitized) Sample()
    {
        var jpeg = JpegSamples.Encode(Area.Width, Area.Height, JpegSamples.Kind.Yuv420, quality: 60);
        var pixels = new byte[Area.Width * Area.Height * 4];
        Assert.Equal(JpegDecodeResult.Decoded, new JpegDecoder().Decode(jpeg, Area.Width, Area.Height, pixels, Area.Width * 4));
        var sanitized = new byte[jpeg.Length];
        Assert.True(JpegSanitizer.TrySanitize(jpeg, Area.Width, Area.Height, sanitized, out int length));
        return (jpeg, pixels, sanitized[..length]);
    }

    /// <summary>The bytes of every image stream in <paramref name="received"/>, with its mimetype, in order.</summary>
    private static List<(string Mimetype, byte[] Data)> Images(IReadOnlyList<Instruction> received)
    {
        var open = new Dictionary<string, (string Mimetype, List<byte> Data)>();
        var images = new List<(string, byte[])>();
        foreach (var i in received)
        {
            switch (i.Opcode)
            {
                case "img":
                    open[i.Args[0]] = (i.Args[3], []);
                    break;
                case "blob" when open.ContainsKey(i.Args[0]):
                    open[i.Args[0]].Data.AddRange(Convert.FromBase64String(i.Args[1]));
                    break;
                case "end" when open.Remove(i.Args[0], out var done):
                    images.Add((done.Mimetype, done.Data.ToArray()));
                    break;
            }
        }

        return images;
    }

    private static async Task<(SessionManager Manager, TestClient Owner, FakeTimeProvider Time)> StartAsync(string[] mimetypes)
    {
        var time = Harness.NewTime();
        var manager = Harness.Manager(time, null, new ProbeBackend());
        var owner = await TestClient.StartAsync(
            manager,
            ProbeBackend.ProtocolName,
            client: new ClientInfo { Width = Width, Height = Height, ImageMimetypes = mimetypes });
        return (manager, owner, time);
    }

    /// <summary>Draws the JPEG decoded (<c>PutEncoded</c>) or undecoded (<c>TryPutEncoded</c>, which then never calls its decoder).</summary>
    private static void Draw(SessionDisplay display, bool undecoded, byte[] jpeg, byte[] pixels)
    {
        lock (display.Sync)
        {
            if (undecoded)
            {
                Assert.True(display.Model.TryPutEncoded(0, Area, (_, _) => throw new InvalidOperationException("decoded early"), ImageFormat.Jpeg, jpeg));
            }
            else
            {
                display.Model.PutEncoded(0, Area, pixels, Area.Width * 4, ImageFormat.Jpeg, jpeg);
            }
        }
    }

    private static bool SameLayer(SessionDisplay display, ReferenceClient view) =>
        display.Model.DefaultLayer.Surface.Pixels.SequenceEqual(view.Layers[0].Pixels);

    private static async Task<ReferenceClient> StartedViewAsync(SessionDisplay display, TestClient owner)
    {
        lock (display.Sync)
        {
            display.Model.Fill(0, new PixelRect(0, 0, Width, Height), Bgra32.White);
        }

        display.Flush();
        var view = new ReferenceClient();
        var received = await owner.ReadUntilAsync(i => i.Opcode == "sync");
        Rendering.Apply(view, received);
        await owner.AckAsync(received[^1]);
        return view;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_server_jpeg_goes_out_as_it_came_and_the_lossless_refresh_makes_the_pixels_exact(bool undecoded)
    {
        var (manager, owner, time) = await StartAsync(["image/jpeg", "image/png"]);
        await using var _ = manager;
        var display = new SessionDisplay(owner.Session, Width, Height);
        var view = await StartedViewAsync(display, owner);
        var (jpeg, pixels, sanitized) = Sample();
        Draw(display, undecoded, jpeg, pixels);

        Assert.True(display.Flush());
        var received = await owner.ReadUntilAsync(i => i.Opcode == "sync");
        var (mimetype, data) = Assert.Single(Images(received));
        Assert.Equal("image/jpeg", mimetype);
        Assert.Equal(sanitized, data);
        var img = received.Single(i => i.Opcode == "img");
        Assert.Equal(("0", "40", "30"), (img.Args[2], img.Args[4], img.Args[5]));
        Rendering.Apply(view, received);
        await owner.AckAsync(received[^1]);

        // The client decodes the same JPEG the display decoded: with the same decoder it would even match.
        // Either way, once still for the refresh delay the region comes again losslessly.
        var refresh = new List<Instruction>();
        for (int step = 0; step < 40 && (refresh.Count == 0 || !SameLayer(display, view)); step++)
        {
            time.Advance(TimeSpan.FromMilliseconds(100));
            var got = await owner.PingAsync();
            Rendering.Apply(view, got);
            refresh.AddRange(got);
            foreach (var sync in got.Where(i => i.Opcode == "sync"))
            {
                await owner.AckAsync(sync);
            }
        }

        Assert.Contains(refresh, i => i.Opcode == "img");
        Assert.All(refresh.Where(i => i.Opcode == "img"), i => Assert.Equal("image/png", i.Args[3]));
        PlannerHarness.AssertSame(display.Model, view, 0);
        Assert.False(display.RefreshLossy());
        await owner.DisconnectAsync();
    }

    [Theory]
    [InlineData(true, "image/jpeg", false)]
    [InlineData(false, "image/webp", false)]
    [InlineData(true, "image/jpeg", true)]
    [InlineData(false, "image/webp", true)]
    public async Task Force_lossless_or_a_client_without_jpeg_gets_our_own_lossless_encoding(bool forceLossless, string other, bool undecoded)
    {
        var (manager, owner, _) = await StartAsync(forceLossless ? ["image/jpeg", "image/png"] : [other, "image/png"]);
        await using var _ = manager;
        var display = new SessionDisplay(owner.Session, Width, Height) { ForceLossless = forceLossless };
        var view = await StartedViewAsync(display, owner);
        var (jpeg, pixels, _) = Sample();
        Draw(display, undecoded, jpeg, pixels);

        display.Flush();
        var received = await owner.ReadUntilAsync(i => i.Opcode == "sync");
        var images = Images(received);
        Assert.NotEmpty(images);
        Assert.All(images, i => Assert.Equal("image/png", i.Mimetype));
        Rendering.Apply(view, received);
        PlannerHarness.AssertSame(display.Model, view, 0);
        await owner.DisconnectAsync();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_joiner_gets_exact_model_pixels_not_the_jpeg(bool undecoded)
    {
        var (manager, owner, _) = await StartAsync(["image/jpeg", "image/png"]);
        await using var _ = manager;
        var display = new SessionDisplay(owner.Session, Width, Height);
        await StartedViewAsync(display, owner);
        var (jpeg, pixels, _) = Sample();
        Draw(display, undecoded, jpeg, pixels);

        display.Flush();
        await owner.ReadUntilAsync(i => i.Opcode == "sync");

        var joiner = TestClient.Open(manager, new ConnectRequest { Selected = owner.Session.Id, Client = new ClientInfo { Name = "bob" } });
        await joiner.ExpectAsync("sync");
        display.SendFullState(joiner.User);
        var received = await joiner.ReadUntilAsync(i => i.Opcode == "sync");
        Assert.All(Images(received), i => Assert.Equal("image/png", i.Mimetype));
        PlannerHarness.AssertSame(display.Model, Rendering.Render(received), 0);
        await owner.DisconnectAsync();
    }
}
