using System.Buffers;
using Gateway.Display.Encoding;
using Gateway.Display.Layers;
using Gateway.Display.Planning;
using Gateway.Display.Surfaces;
using Gateway.Display.Tests.Reference;

namespace Gateway.Display.Tests.Planning;

public sealed class ParallelEncodingTests
{
    private static readonly IImageEncoder[] Encoders = [new PngEncoder(), new JpegEncoder(), new WebPEncoder()];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public void Parallel_encoding_writes_exactly_what_serial_encoding_writes(int degree)
    {
        using var pool = new EncoderPool(degree);
        var model = new DisplayModel(1280, 720);
        var random = new Random(degree);
        var planner = new FramePlanner();
        for (int frame = 0; frame < 4; frame++)
        {
            for (int i = 0; i < 12; i++)
            {
                var rect = new PixelRect(random.Next(1200), random.Next(650), random.Next(1, 400), random.Next(1, 300));
                var pixels = TestImages.Noise(rect.Width, rect.Height, random.Next(), opaque: random.Next(3) != 0);
                model.Put(0, rect, pixels, rect.Width * 4);
                model.Fill(0, new PixelRect(random.Next(1200), random.Next(650), 70, 70), Bgra32.FromRgb((byte)i, 2, 3));
            }

            var plan = planner.Plan(model.EndFrame());
            Assert.True(plan.Count(PlanOperationKind.Image) > 4);
            var serial = Write(plan, null);
            var parallel = Write(plan, pool);
            Assert.True(serial.AsSpan().SequenceEqual(parallel), $"frame {frame}: parallel output differs from serial");
        }
    }

    [Fact]
    public void A_failing_encoder_fails_the_write_after_the_other_images_finish()
    {
        using var pool = new EncoderPool(2);
        var ops = Enumerable.Range(0, 6).Select(i => PlanOperation.Image(0, new PixelRect(i, 0, 1, 1), [1, 2, 3, 255], false)).ToList();
        int calls = 0;
        var writer = new FrameWriter(_ => Interlocked.Increment(ref calls) == 3 ? new Failing() : Encoders[0], () => 1);
        var error = Assert.Throws<InvalidOperationException>(() => writer.Write(ops, new ArrayBufferWriter<byte>(), pool));
        Assert.Equal("encoder failed", error.Message);

        // The pool still works afterwards.
        int ran = 0;
        pool.Run(50, _ => Interlocked.Increment(ref ran));
        Assert.Equal(50, ran);
    }

    [Fact]
    public async Task A_batch_finishes_on_its_own_thread_while_every_worker_is_busy_elsewhere()
    {
        using var pool = new EncoderPool(1);
        using var release = new ManualResetEventSlim(false);
        using var workerBusy = new ManualResetEventSlim(false);

        // Another "session" whose items block; the only worker ends up inside one of them.
        var other = Task.Factory.StartNew(
            () => pool.Run(2, _ =>
            {
                if (Thread.CurrentThread.Name?.StartsWith("image encoder", StringComparison.Ordinal) == true)
                {
                    workerBusy.Set();
                    release.Wait();
                }
                else
                {
                    // The caller holds its item until the worker has taken the other, so the worker surely blocks.
                    workerBusy.Wait(TimeSpan.FromSeconds(30));
                }
            }),
            TaskCreationOptions.LongRunning);
        Assert.True(workerBusy.Wait(TimeSpan.FromSeconds(30)), "the worker never picked up the blocking batch");

        // This batch gets no worker at all, yet completes: the caller runs every item.
        int ran = 0;
        var threads = new HashSet<int>();
        pool.Run(8, _ =>
        {
            Interlocked.Increment(ref ran);
            lock (threads)
            {
                threads.Add(Environment.CurrentManagedThreadId);
            }
        });
        Assert.Equal(8, ran);
        Assert.Equal([Environment.CurrentManagedThreadId], threads);

        release.Set();
        await other.WaitAsync(TimeSpan.FromSeconds(30));
    }

    private static byte[] Write(FramePlan plan, EncoderPool? pool)
    {
        // A deterministic mix of formats and qualities, chosen from the operation alone.
        int stream = 1;
        var writer = new FrameWriter(op => Encoders[(op.Rect.X + op.Rect.Y) % 3], () => stream += 2, _ => { });
        var output = new ArrayBufferWriter<byte>();
        writer.Write(plan, output, pool);
        return output.WrittenSpan.ToArray();
    }

    private sealed class Failing : IImageEncoder
    {
        public ImageFormat Format => ImageFormat.Png;

        public string Mimetype => "image/png";

        public void Encode(ReadOnlySpan<byte> bgra, int width, int height, int stride, EncodeOptions options, IBufferWriter<byte> output) =>
            throw new InvalidOperationException("encoder failed");
    }
}
