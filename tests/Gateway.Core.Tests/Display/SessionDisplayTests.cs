using Gateway.Core.Display;
using Gateway.Core.Sessions;
using Gateway.Core.Tests.Support;
using Gateway.Display.Surfaces;
using Gateway.Display.Tests.Reference;
using Gateway.Protocol;
using Gateway.Protocol.Handshake;

namespace Gateway.Core.Tests.Display;

public sealed class SessionDisplayTests
{
    private const int Width = 300;
    private const int Height = 200;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task A_random_picture_drawn_by_the_back_end_reaches_the_user_pixel_exact(int seed)
    {
        var (manager, owner) = await StartAsync(["image/png"]);
        await using var _ = manager;
        var display = new SessionDisplay(owner.Session, Width, Height);
        var client = new ReferenceClient();
        var random = new Random(seed);

        for (int frame = 0; frame < 8; frame++)
        {
            lock (display.Sync)
            {
                DrawRandom(display, random);
            }

            Assert.True(display.Flush());
            Rendering.Apply(client, await owner.ReadUntilAsync(i => i.Opcode == "sync"));
            PlannerHarness.AssertSame(display.Model, client, 0);
        }

        await owner.DisconnectAsync();
    }

    [Fact]
    public async Task A_joiner_gets_a_full_state_equal_to_the_owners_view_and_then_the_same_frames()
    {
        var (manager, owner) = await StartAsync(["image/png"]);
        await using var _ = manager;
        var display = new SessionDisplay(owner.Session, Width, Height);
        var ownerView = new ReferenceClient();
        var random = new Random(7);
        for (int frame = 0; frame < 4; frame++)
        {
            lock (display.Sync)
            {
                DrawRandom(display, random);
            }

            display.Flush();
            Rendering.Apply(ownerView, await owner.ReadUntilAsync(i => i.Opcode == "sync"));
        }

        var joiner = TestClient.Open(manager, new ConnectRequest { Selected = owner.Session.Id, Client = new ClientInfo { Name = "bob" } });
        await joiner.ExpectAsync("sync"); // the probe back end's own join frame, whose sync goes to everyone
        await owner.ReadUntilAsync(i => i.Opcode == "sync");
        display.SendFullState(joiner.User);
        var joinerView = Rendering.Render(await joiner.ReadUntilAsync(i => i.Opcode == "sync"));
        await owner.ReadUntilAsync(i => i.Opcode == "sync"); // the full state's sync reaches everyone
        AssertSameLayer(ownerView, joinerView);

        lock (display.Sync)
        {
            DrawRandom(display, random);
        }

        display.Flush();
        Rendering.Apply(ownerView, await owner.ReadUntilAsync(i => i.Opcode == "sync"));
        Rendering.Apply(joinerView, await joiner.ReadUntilAsync(i => i.Opcode == "sync"));
        PlannerHarness.AssertSame(display.Model, ownerView, 0);
        PlannerHarness.AssertSame(display.Model, joinerView, 0);

        await joiner.DisconnectAsync();
        await owner.DisconnectAsync();
    }

    [Fact]
    public async Task An_idle_display_holds_one_picture_of_its_size_not_two()
    {
        var (manager, owner) = await StartAsync(["image/png"]);
        await using var _ = manager;
        var display = new SessionDisplay(owner.Session, 1280, 800);
        lock (display.Sync)
        {
            display.Model.Put(0, new PixelRect(0, 0, 1280, 800), TestImages.TextLines(1280, 800, 1), 1280 * 4);
        }

        Assert.True(display.Flush());
        await owner.ReadUntilAsync(i => i.Opcode == "sync");
        Assert.Equal(1280L * 800 * 4, display.HeldPixelBytes());

        // A scroll and a new line: while the frame is open its overwritten cells are saved, then let go.
        lock (display.Sync)
        {
            display.Model.Copy(0, new PixelRect(0, 16, 1280, 784), 0, 0, 0);
            display.Model.Put(0, new PixelRect(0, 784, 1280, 16), TestImages.TextLines(1280, 16, 2), 1280 * 4);
            Assert.True(display.HeldPixelBytes() > 1280L * 800 * 4);
        }

        Assert.True(display.Flush());
        await owner.ReadUntilAsync(i => i.Opcode == "sync");
        Assert.Equal(1280L * 800 * 4, display.HeldPixelBytes());
        await owner.DisconnectAsync();
    }

    [Fact]
    public async Task A_user_joining_while_a_frame_is_being_drawn_gets_the_sent_picture_and_then_that_frame()
    {
        var (manager, owner) = await StartAsync(["image/png"]);
        await using var _ = manager;
        var display = new SessionDisplay(owner.Session, Width, Height);
        var ownerView = new ReferenceClient();
        lock (display.Sync)
        {
            display.Model.Put(0, new PixelRect(0, 0, Width, Height), TestImages.TextLines(Width, Height, 4), Width * 4);
        }

        display.Flush();
        Rendering.Apply(ownerView, await owner.ReadUntilAsync(i => i.Opcode == "sync"));

        // Half a frame: a scroll by copy and part of the new line, not flushed yet.
        lock (display.Sync)
        {
            display.Model.Copy(0, new PixelRect(0, 20, Width, Height - 20), 0, 0, 0);
            display.Model.Put(0, new PixelRect(0, Height - 20, Width / 2, 20), TestImages.TextLines(Width / 2, 20, 5), Width / 2 * 4);
        }

        var joiner = TestClient.Open(manager, new ConnectRequest { Selected = owner.Session.Id, Client = new ClientInfo { Name = "bob" } });
        await joiner.ExpectAsync("sync");
        await owner.ReadUntilAsync(i => i.Opcode == "sync");
        display.SendFullState(joiner.User);
        var joinerView = Rendering.Render(await joiner.ReadUntilAsync(i => i.Opcode == "sync"));
        await owner.ReadUntilAsync(i => i.Opcode == "sync");
        AssertSameLayer(ownerView, joinerView);

        lock (display.Sync)
        {
            display.Model.Put(0, new PixelRect(Width / 2, Height - 20, Width / 2, 20), TestImages.TextLines(Width / 2, 20, 6), Width / 2 * 4);
        }

        display.Flush();
        Rendering.Apply(ownerView, await owner.ReadUntilAsync(i => i.Opcode == "sync"));
        Rendering.Apply(joinerView, await joiner.ReadUntilAsync(i => i.Opcode == "sync"));
        PlannerHarness.AssertSame(display.Model, ownerView, 0);
        PlannerHarness.AssertSame(display.Model, joinerView, 0);

        await joiner.DisconnectAsync();
        await owner.DisconnectAsync();
    }

    [Fact]
    public async Task An_unchanged_display_sends_nothing_not_even_a_sync()
    {
        var (manager, owner) = await StartAsync(["image/png"]);
        await using var _ = manager;
        var display = new SessionDisplay(owner.Session, Width, Height);
        Assert.True(display.Flush()); // the initial size and clear
        await owner.ReadUntilAsync(i => i.Opcode == "sync");

        Assert.False(display.Flush());
        Assert.Empty(await owner.PingAsync());
        await owner.DisconnectAsync();
    }

    [Fact]
    public async Task Force_lossless_keeps_animated_photos_in_png_even_when_the_owner_takes_jpeg()
    {
        var (manager, owner) = await StartAsync(["image/jpeg", "image/png"]);
        await using var _ = manager;
        var display = new SessionDisplay(owner.Session, Width, Height) { ForceLossless = true };
        var client = new ReferenceClient();
        var random = new Random(11);
        for (int frame = 0; frame < 6; frame++)
        {
            lock (display.Sync)
            {
                PutNoise(display, random, new PixelRect(0, 0, 128, 128));
            }

            display.Flush();
            var received = await owner.ReadUntilAsync(i => i.Opcode == "sync");
            Assert.DoesNotContain(received, i => i.Opcode == "img" && i.Args[3] != "image/png");
            Rendering.Apply(client, received);
            PlannerHarness.AssertSame(display.Model, client, 0);
        }

        await owner.DisconnectAsync();
    }

    [Fact]
    public async Task Animated_photos_go_out_as_jpeg_when_the_owner_takes_it()
    {
        var (manager, owner, time) = await StartWithTimeAsync(["image/jpeg", "image/png"]);
        await using var _ = manager;
        var display = new SessionDisplay(owner.Session, Width, Height);
        var random = new Random(12);
        var mimetypes = new List<string>();
        for (int frame = 0; frame < 6; frame++)
        {
            lock (display.Sync)
            {
                PutNoise(display, random, new PixelRect(0, 0, 128, 128));
            }

            display.Flush();
            var received = await owner.ReadUntilAsync(i => i.Opcode == "sync");
            mimetypes.AddRange(received.Where(i => i.Opcode == "img").Select(i => i.Args[3]));
            await owner.AckAsync(received[^1]);
            time.Advance(TimeSpan.FromMilliseconds(100));
        }

        Assert.Equal("image/png", mimetypes[0]); // still, until it has changed often enough
        Assert.Contains("image/jpeg", mimetypes);
        await owner.DisconnectAsync();
    }

    private static async Task<(SessionManager Manager, TestClient Owner)> StartAsync(string[] mimetypes)
    {
        var (manager, owner, _) = await StartWithTimeAsync(mimetypes);
        return (manager, owner);
    }

    private static async Task<(SessionManager Manager, TestClient Owner, Microsoft.Extensions.Time.Testing.FakeTimeProvider Time)> StartWithTimeAsync(string[] mimetypes)
    {
        var time = Harness.NewTime();
        var manager = Harness.Manager(time, null, new ProbeBackend());
        var owner = await TestClient.StartAsync(
            manager,
            ProbeBackend.ProtocolName,
            client: new ClientInfo { Width = Width, Height = Height, ImageMimetypes = mimetypes });
        return (manager, owner, time);
    }

    /// <summary>Solid fills, noise blocks, a gradient and a copy, at random places.</summary>
    private static void DrawRandom(SessionDisplay display, Random random)
    {
        var model = display.Model;
        for (int n = random.Next(1, 6); n > 0; n--)
        {
            var rect = RandomRect(random);
            switch (random.Next(4))
            {
                case 0:
                    model.Fill(0, rect, Bgra32.FromRgb((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256)));
                    break;
                case 1:
                    PutNoise(display, random, rect);
                    break;
                case 2:
                    var pixels = new byte[rect.Width * rect.Height * 4];
                    for (int i = 0; i < pixels.Length; i += 4)
                    {
                        int x = (i / 4) % rect.Width;
                        pixels[i] = (byte)x;
                        pixels[i + 1] = (byte)(x * 2);
                        pixels[i + 2] = 40;
                        pixels[i + 3] = 255;
                    }

                    model.Put(0, rect, pixels, rect.Width * 4);
                    break;
                default:
                    model.Copy(0, rect, 0, random.Next(Width - rect.Width + 1), random.Next(Height - rect.Height + 1));
                    break;
            }
        }
    }

    private static void PutNoise(SessionDisplay display, Random random, PixelRect rect)
    {
        var pixels = new byte[rect.Width * rect.Height * 4];
        random.NextBytes(pixels);
        for (int i = 3; i < pixels.Length; i += 4)
        {
            pixels[i] = 255;
        }

        display.Model.Put(0, rect, pixels, rect.Width * 4);
    }

    private static PixelRect RandomRect(Random random)
    {
        int w = random.Next(1, 120);
        int h = random.Next(1, 90);
        return new PixelRect(random.Next(Width - w + 1), random.Next(Height - h + 1), w, h);
    }

    private static void AssertSameLayer(ReferenceClient expected, ReferenceClient actual)
    {
        var a = expected.Layers[0];
        var b = actual.Layers[0];
        Assert.Equal(a.Width, b.Width);
        Assert.Equal(a.Height, b.Height);
        Assert.True(a.Pixels.AsSpan().SequenceEqual(b.Pixels), "the joiner's picture differs from the owner's");
    }
}
