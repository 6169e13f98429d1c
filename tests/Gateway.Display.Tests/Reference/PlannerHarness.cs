using System.Buffers;
using Gateway.Display.Layers;
using Gateway.Display.Planning;

namespace Gateway.Display.Tests.Reference;

/// <summary>A display model, its planner and writer, and a reference client fed with the written bytes.</summary>
public sealed class PlannerHarness
{
    private int _nextStream = 1;

    public PlannerHarness(int width, int height)
    {
        Model = new DisplayModel(width, height);
        Planner = new FramePlanner();
        Writer = new FrameWriter(_ => SkiaPngEncoder.Instance, () => _nextStream += 2, _ => { });
    }

    public DisplayModel Model { get; }

    public FramePlanner Planner { get; }

    public FrameWriter Writer { get; }

    public ReferenceClient Client { get; } = new();

    public int LastBytes { get; private set; }

    /// <summary>Ends the model's frame, plans it, writes it and applies it to the reference client.</summary>
    public FramePlan Frame()
    {
        var plan = Planner.Plan(Model.EndFrame());
        var output = new ArrayBufferWriter<byte>();
        Writer.Write(plan, output);
        LastBytes = output.WrittenCount;
        Client.ResetCounts();
        Client.Apply(output.WrittenMemory);

        // Hand the image buffers back as a real consumer does, so later frames are planned into reused arrays.
        plan.ReleaseBuffers();
        return plan;
    }

    /// <summary>
    /// Ends the model's frame, plans and writes it, applies it to <see cref="Client"/> and to <paramref name="others"/>
    /// (users who joined earlier), and asserts that every one of them holds the model's pictures.
    /// </summary>
    public void FrameForAll(IEnumerable<ReferenceClient> others)
    {
        var plan = Planner.Plan(Model.EndFrame());
        var output = new ArrayBufferWriter<byte>();
        Writer.Write(plan, output);
        plan.ReleaseBuffers();
        Client.Apply(output.WrittenMemory);
        AssertAllLayersSame();
        foreach (var other in others)
        {
            other.Apply(output.WrittenMemory);
            AssertAllLayersSame(other);
        }
    }

    /// <summary>A fresh client that receives the full state, as a joining user would.</summary>
    public ReferenceClient Join()
    {
        var output = new ArrayBufferWriter<byte>();
        Planner.ReadSent(Model, state => Writer.WriteFullState(state, output));
        var client = new ReferenceClient();
        client.Apply(output.WrittenMemory);
        return client;
    }

    public static void AssertSame(DisplayModel model, ReferenceClient client, int index)
    {
        var layer = model.GetLayer(index);
        Assert.True(client.Layers.TryGetValue(index, out var mirror), $"client lacks layer {index}");
        Assert.Equal(layer.Width, mirror!.Width);
        Assert.Equal(layer.Height, mirror.Height);

        // The model's pixels with any JPEG it holds undecoded decoded into a copy: comparing leaves the model as it is.
        var current = model.CopyCurrent(index);
        if (!current.Pixels.SequenceEqual(mirror.Pixels))
        {
            for (int y = 0; y < layer.Height; y++)
            {
                for (int x = 0; x < layer.Width; x++)
                {
                    uint server = current.GetPixel(x, y).ToUInt32();
                    uint seen = mirror.Get(x, y);
                    Assert.True(server == seen, $"layer {index} differs at {x},{y}: server {server:X8} client {seen:X8}");
                }
            }
        }
    }

    public void AssertAllLayersSame(ReferenceClient? client = null)
    {
        client ??= Client;
        foreach (var layer in Model.Layers)
        {
            AssertSame(Model, client, layer.Index);
            if (layer.Index > 0)
            {
                var c = client.Layers[layer.Index];
                Assert.Equal((layer.X, layer.Y, layer.Z, layer.Parent, layer.Opacity), (c.X, c.Y, c.Z, c.Parent, c.Opacity));
            }
        }

        Assert.Equal(Model.Layers.Count(), client.Layers.Count(l => l.Key != Planner.Sent.CursorBuffer));
    }
}
