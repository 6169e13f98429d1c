using Gateway.Core.Display;
using Gateway.Core.Sessions;
using Gateway.Core.Tests.Support;
using Gateway.Display.Surfaces;
using Gateway.Display.Tests.Reference;
using Gateway.Protocol;
using Gateway.Protocol.Handshake;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Core.Tests.Display;

/// <summary>Per-user flow control: slow users are held back and catch up with one coalesced update.</summary>
public sealed class FlowControlTests
{
    private const int Width = 320;
    private const int Height = 240;
    private const int Frames = 40;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_user_that_never_acks_gets_coalesced_frames_while_another_keeps_full_rate(bool structural)
    {
        var time = Harness.NewTime();
        await using var manager = Harness.Manager(time, null, new ProbeBackend());
        var fast = await TestClient.StartAsync(manager, ProbeBackend.ProtocolName, client: new ClientInfo { Width = Width, Height = Height, ImageMimetypes = ["image/png"] });
        var display = new SessionDisplay(fast.Session, Width, Height);
        var fastView = new ReferenceClient();
        Assert.True(display.Flush());
        await AckAllAsync(fast, fastView);

        var slow = TestClient.Open(manager, new ConnectRequest { Selected = fast.Session.Id, Client = new ClientInfo { Name = "slow" } });
        await slow.ExpectAsync("sync"); // the probe's own join frame, to everyone
        await AckAllAsync(fast, fastView);
        display.SendFullState(slow.User);
        var slowView = Rendering.Render(await slow.ReadUntilAsync(i => i.Opcode == "sync"));
        await AckAllAsync(fast, fastView);

        var random = new Random(structural ? 2 : 1);
        var slowSyncs = new List<Instruction>();
        int framesWhileHeld = 0;
        int fastFrames = 0;
        for (int frame = 0; frame < Frames; frame++)
        {
            lock (display.Sync)
            {
                Draw(display, random, frame, structural);
            }

            Assert.True(display.Flush());
            bool held = display.IsHeldBack(slow.User);
            time.Advance(TimeSpan.FromMilliseconds(50));

            // The fast user gets every frame and stays exact.
            fastFrames++;
            await AckAllAsync(fast, fastView);
            PlannerHarness.AssertSame(display.Model, fastView, 0);

            // The slow user reads (its transport takes everything) but never acknowledges.
            var got = await slow.PingAsync();
            Rendering.Apply(slowView, got);
            slowSyncs.AddRange(got.Where(i => i.Opcode == "sync"));
            if (held)
            {
                // Held back: this frame was recorded, not sent; nothing at all reached it.
                Assert.Empty(got);
                framesWhileHeld++;
            }
        }

        Assert.Equal(Frames, fastFrames);
        Assert.True(display.IsHeldBack(slow.User), "the slow user was never held back");
        Assert.False(display.IsHeldBack(fast.User));

        // Held back once more than MaxUnackedFrames were unacknowledged and the oldest had waited over MaxLag
        // (the probe's join frame, the full state, then 50 ms frames), and nothing more was sent to it since.
        int bound = MaxFramesBeforeHold(display, 50);
        Assert.InRange(slow.User.UnacknowledgedFrames, display.MaxUnackedFrames + 1, bound);
        Assert.True(slowSyncs.Count <= bound, $"{slowSyncs.Count} frames reached the slow user");
        Assert.True(framesWhileHeld > Frames / 2, $"only {framesWhileHeld} frames were coalesced");
        Assert.Equal(0, slow.User.PendingOutput);

        // Acknowledging everything brings one coalesced update of the current state, without a new frame.
        await slow.AckAsync(slowSyncs[^1]);
        var catchUp = await slow.ReadUntilAsync(i => i.Opcode == "sync");
        Assert.Single(catchUp, i => i.Opcode == "sync");
        Rendering.Apply(slowView, catchUp);
        Assert.False(display.IsHeldBack(slow.User));
        foreach (var layer in display.Model.Layers)
        {
            PlannerHarness.AssertSame(display.Model, slowView, layer.Index);
        }

        Assert.Equal(display.Model.Layers.Count(), slowView.Layers.Count(l => l.Key != -65536));

        // The fast user saw nothing of the catch-up.
        Assert.Empty(await fast.PingAsync());

        // Back at full rate: the next frame reaches both.
        lock (display.Sync)
        {
            display.Model.Fill(0, new PixelRect(10, 10, 30, 30), Bgra32.FromRgb(1, 2, 3));
        }

        display.Flush();
        Rendering.Apply(slowView, await slow.ReadUntilAsync(i => i.Opcode == "sync"));
        PlannerHarness.AssertSame(display.Model, slowView, 0);
        await AckAllAsync(fast, fastView);

        await slow.DisconnectAsync();
        await fast.DisconnectAsync();
    }

    [Fact]
    public async Task Coalesced_updates_take_no_more_output_however_many_frames_are_missed()
    {
        var time = Harness.NewTime();
        await using var manager = Harness.Manager(time, null, new ProbeBackend());
        var owner = await TestClient.StartAsync(manager, ProbeBackend.ProtocolName, client: new ClientInfo { Width = Width, Height = Height, ImageMimetypes = ["image/png"] });
        var display = new SessionDisplay(owner.Session, Width, Height);
        var random = new Random(5);
        var syncs = new List<Instruction>();
        for (int frame = 0; frame < 400; frame++)
        {
            lock (display.Sync)
            {
                PutNoise(display, random, new PixelRect(random.Next(Width - 64), random.Next(Height - 64), 64, 64));
            }

            display.Flush();
            time.Advance(TimeSpan.FromMilliseconds(20));
            if (frame % 50 == 0)
            {
                syncs.AddRange((await owner.PingAsync()).Where(i => i.Opcode == "sync"));
            }
        }

        syncs.AddRange((await owner.PingAsync()).Where(i => i.Opcode == "sync"));
        Assert.True(display.IsHeldBack(owner.User));
        Assert.True(syncs.Count <= MaxFramesBeforeHold(display, 20), $"{syncs.Count} frames were sent");

        // Everything since is one update no larger than the whole screen.
        long before = owner.Transport.BytesSent;
        await owner.AckAsync(syncs[^1]);
        var catchUp = await owner.ReadUntilAsync(i => i.Opcode == "sync");
        Assert.True(owner.Transport.BytesSent - before < Width * Height * 4 * 2, "the catch-up is larger than two raw screens");
        Assert.Single(catchUp, i => i.Opcode == "sync");
        await owner.DisconnectAsync();
    }

    [Fact]
    public async Task Auto_flush_sends_a_frame_after_a_quiet_period_or_the_longest_interval()
    {
        var (manager, owner, time) = await StartAsync(["image/png"]);
        await using var _ = manager;
        var display = new SessionDisplay(owner.Session, Width, Height) { Pool = null };
        Assert.True(display.Flush());
        await owner.ReadUntilAsync(i => i.Opcode == "sync");
        time.Advance(TimeSpan.FromMilliseconds(100));
        display.EnableAutoFlush(TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(40));

        // Drawn once, then quiet: the first check sees fresh drawing, the second sees quiet and flushes.
        lock (display.Sync)
        {
            display.Model.Fill(0, new PixelRect(0, 0, 10, 10), Bgra32.White);
        }

        time.Advance(TimeSpan.FromMilliseconds(5));
        Assert.Empty(await owner.PingAsync());
        time.Advance(TimeSpan.FromMilliseconds(5));
        var quiet = await owner.ReadUntilAsync(i => i.Opcode == "sync");
        Assert.Contains(quiet, i => i.Opcode == "cfill");

        // Drawing that never pauses still gets a frame once the longest interval has passed since the last one.
        int steps = 0;
        List<Instruction> got;
        do
        {
            lock (display.Sync)
            {
                display.Model.Fill(0, new PixelRect(steps, 20, 1, 1), Bgra32.FromRgb((byte)steps, 0, 0));
            }

            time.Advance(TimeSpan.FromMilliseconds(5));
            steps++;
            got = await owner.PingAsync();
        }
        while (got.Count == 0 && steps < 20);

        Assert.Equal(9, steps); // the first check marks the frame's start; 40 ms (8 checks) later it is sent
        Assert.Contains(got, i => i.Opcode == "sync");

        // Nothing pending: nothing sent, however long.
        display.Flush();
        await owner.PingAsync();
        time.Advance(TimeSpan.FromMilliseconds(200));
        Assert.Empty(await owner.PingAsync());
        await owner.DisconnectAsync();
    }

    [Fact]
    public async Task Regions_sent_as_jpeg_are_resent_losslessly_once_they_stop_changing()
    {
        var (manager, owner, time) = await StartAsync(["image/jpeg", "image/png"]);
        await using var _ = manager;
        var display = new SessionDisplay(owner.Session, Width, Height);
        var view = new ReferenceClient();
        var random = new Random(12);
        var mimetypes = new List<string>();
        for (int frame = 0; frame < 6; frame++)
        {
            lock (display.Sync)
            {
                PutNoise(display, random, new PixelRect(0, 0, 192, 128));
            }

            display.Flush();
            var received = await owner.ReadUntilAsync(i => i.Opcode == "sync");
            mimetypes.AddRange(received.Where(i => i.Opcode == "img").Select(i => i.Args[3]));
            Rendering.Apply(view, received);
            await owner.AckAsync(received[^1]);
            time.Advance(TimeSpan.FromMilliseconds(100));
        }

        Assert.Contains("image/jpeg", mimetypes);
        Assert.False(SameLayer(display, view), "the jpeg frames were exact, so this test proves nothing");

        // Still for the refresh delay: the lossy cells come again as PNG, a bounded number per tick.
        display.MaxRefreshCellsPerTick = 4;
        var refresh = new List<Instruction>();
        for (int step = 0; step < 40 && !SameLayer(display, view); step++)
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

        PlannerHarness.AssertSame(display.Model, view, 0);
        Assert.All(refresh.Where(i => i.Opcode == "img"), i => Assert.Equal("image/png", i.Args[3]));
        Assert.True(refresh.Count(i => i.Opcode == "sync") >= 2, "the refresh was not spread over ticks");
        Assert.False(display.RefreshLossy()); // nothing left to refresh
        await owner.DisconnectAsync();
    }

    [Fact]
    public async Task A_slowly_animated_many_coloured_region_goes_jpeg_from_its_second_frame_and_turns_exact_when_still()
    {
        // Not photographic (two of three neighbours match), but far too many colours for a palette: PNG would be
        // the expensive choice. Frames 800 ms apart, as on a loaded machine that manages little more than 1 fps.
        var (manager, owner, time) = await StartAsync(["image/jpeg", "image/png"]);
        await using var _ = manager;
        var display = new SessionDisplay(owner.Session, Width, Height);
        var view = new ReferenceClient();
        var random = new Random(21);
        var perFrame = new List<List<string>>();
        for (int frame = 0; frame < 4; frame++)
        {
            lock (display.Sync)
            {
                PutTripledNoise(display, random, new PixelRect(0, 0, 192, 128));
            }

            display.Flush();
            var received = await owner.ReadUntilAsync(i => i.Opcode == "sync");
            perFrame.Add(received.Where(i => i.Opcode == "img").Select(i => i.Args[3]).ToList());
            Rendering.Apply(view, received);
            await owner.AckAsync(received[^1]);
            time.Advance(TimeSpan.FromMilliseconds(800));
            Rendering.Apply(view, await owner.PingAsync()); // no refresh: each frame changed it again within the delay
        }

        Assert.All(perFrame[0], m => Assert.Equal("image/png", m)); // seen once: still
        for (int frame = 1; frame < perFrame.Count; frame++)
        {
            Assert.NotEmpty(perFrame[frame]);
            Assert.All(perFrame[frame], m => Assert.Equal("image/jpeg", m));
        }

        Assert.False(SameLayer(display, view), "the jpeg frames were exact, so this test proves nothing");

        // Still: the refresh restores the exact pixels, in PNG, and then nothing more is sent.
        var refresh = new List<Instruction>();
        for (int step = 0; step < 40 && !SameLayer(display, view); step++)
        {
            time.Advance(TimeSpan.FromMilliseconds(250));
            var got = await owner.PingAsync();
            Rendering.Apply(view, got);
            refresh.AddRange(got);
            foreach (var sync in got.Where(i => i.Opcode == "sync"))
            {
                await owner.AckAsync(sync);
            }
        }

        PlannerHarness.AssertSame(display.Model, view, 0);
        Assert.Contains(refresh, i => i.Opcode == "img");
        Assert.All(refresh.Where(i => i.Opcode == "img"), i => Assert.Equal("image/png", i.Args[3]));
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.DoesNotContain(await owner.PingAsync(), i => i.Opcode is "img" or "sync");
        Assert.False(display.RefreshLossy());
        await owner.DisconnectAsync();
    }

    /// <summary>
    /// Frames a client that never acknowledges receives, at one frame per <paramref name="frameMs"/>, before it is
    /// held back: those sent while its oldest unacknowledged frame is at most MaxLag old (lag 0, frameMs, …), plus
    /// the two of its start (a join frame and the full state, or the session's first frames) sent at one instant.
    /// </summary>
    private static int MaxFramesBeforeHold(SessionDisplay display, int frameMs) =>
        Math.Max(display.MaxUnackedFrames + 1, ((int)display.MaxLag.TotalMilliseconds / frameMs) + 1 + 2);

    private static bool SameLayer(SessionDisplay display, ReferenceClient view) =>
        display.Model.DefaultLayer.Surface.Pixels.SequenceEqual(view.Layers[0].Pixels);

    private static async Task AckAllAsync(TestClient client, ReferenceClient view)
    {
        var got = await client.PingAsync();
        Rendering.Apply(view, got);
        foreach (var sync in got.Where(i => i.Opcode == "sync"))
        {
            await client.AckAsync(sync);
        }
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

    private static void Draw(SessionDisplay display, Random random, int frame, bool structural)
    {
        var model = display.Model;
        PutNoise(display, random, new PixelRect(random.Next(Width - 80), random.Next(Height - 60), 80, 60));
        model.Fill(0, new PixelRect(random.Next(Width), random.Next(Height), 40, 30), Bgra32.FromRgb((byte)frame, 90, 200));
        model.Copy(0, new PixelRect(0, 20, Width, Height - 20), 0, 0, 0);
        if (!structural)
        {
            return;
        }

        switch (frame % 10)
        {
            case 3:
                int layer = model.CreateLayer();
                model.Resize(layer, 50, 40);
                model.Move(layer, 0, random.Next(Width), random.Next(Height), frame);
                model.Fill(layer, new PixelRect(0, 0, 50, 40), new Bgra32(10, 20, 30, 128));
                break;
            case 6:
                var visible = model.Layers.Where(l => l.Index > 0).Select(l => l.Index).ToList();
                if (visible.Count > 1)
                {
                    model.DisposeLayer(visible[0]);
                }

                break;
            case 8:
                model.SetCursor(1, 1, 4, 4, new byte[4 * 4 * 4].Select((_, i) => (byte)(i * 7)).ToArray(), 16);
                break;
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

    /// <summary>Random opaque colours, each repeated three times along the row.</summary>
    private static void PutTripledNoise(SessionDisplay display, Random random, PixelRect rect)
    {
        var pixels = new byte[rect.Width * rect.Height * 4];
        Span<byte> colour = stackalloc byte[3];
        for (int p = 0; p < rect.Width * rect.Height; p++)
        {
            if (p % 3 == 0)
            {
                random.NextBytes(colour);
            }

            pixels[p * 4] = colour[0];
            pixels[(p * 4) + 1] = colour[1];
            pixels[(p * 4) + 2] = colour[2];
            pixels[(p * 4) + 3] = 255;
        }

        display.Model.Put(0, rect, pixels, rect.Width * 4);
    }
}
