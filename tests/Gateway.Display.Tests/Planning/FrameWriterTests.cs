using System.Buffers;
using Gateway.Display.Planning;
using Gateway.Display.Surfaces;
using Gateway.Display.Tests.Reference;
using Gateway.Protocol;

namespace Gateway.Display.Tests.Planning;

public class FrameWriterTests
{
    [Fact]
    public void Instructions_use_the_protocol_argument_orders()
    {
        var writer = new FrameWriter(_ => SkiaPngEncoder.Instance, () => 7);
        var plan = new FramePlan(1,
        [
            PlanOperation.Copy(-1, new PixelRect(1, 2, 3, 4), 0, 5, 6),
            PlanOperation.Fill(0, new PixelRect(7, 8, 9, 10), CompositeMask.Over, new Bgra32(3, 2, 1, 255)),
            PlanOperation.Move(2, 1, -4, 5, 6),
            PlanOperation.Cursor(-9, 1, 2, 16, 24),
        ]);
        var output = new ArrayBufferWriter<byte>();
        writer.Write(plan, output);
        Assert.Equal(
            "4.copy,2.-1,1.1,1.2,1.3,1.4,2.14,1.0,1.5,1.6;" +
            "4.rect,1.0,1.7,1.8,1.9,2.10;5.cfill,2.14,1.0,1.1,1.2,1.3,3.255;" +
            "4.move,1.2,1.1,2.-4,1.5,1.6;" +
            "6.cursor,1.1,1.2,2.-9,1.0,1.0,2.16,2.24;",
            System.Text.Encoding.UTF8.GetString(output.WrittenSpan));
    }

    [Fact]
    public void Images_are_streamed_in_bounded_blobs_and_their_streams_released()
    {
        var allocated = new List<int>();
        var released = new List<int>();
        int next = 1;
        var writer = new FrameWriter(_ => SkiaPngEncoder.Instance, () => { next += 2; allocated.Add(next); return next; }, released.Add);
        var pixels = TestImages.Noise(200, 150, 1);
        var output = new ArrayBufferWriter<byte>();
        writer.Write(new FramePlan(1, [PlanOperation.Image(3, new PixelRect(10, 20, 200, 150), pixels, false)]), output);

        var parser = new InstructionParser();
        var buffer = new ReadOnlySequence<byte>(output.WrittenMemory);
        var opcodes = new List<string>();
        Instruction? img = null;
        while (parser.TryRead(ref buffer, out var view) == ParseResult.Complete)
        {
            var instruction = view.ToInstruction();
            opcodes.Add(instruction.Opcode);
            if (instruction.Opcode == "img")
            {
                img = instruction;
            }

            if (instruction.Opcode == "blob")
            {
                Assert.True(Convert.FromBase64String(instruction.Args[1]).Length <= FrameWriter.MaxBlobBytes);
            }
        }

        Assert.True(buffer.IsEmpty);
        Assert.NotNull(img);
        Assert.Equal(new[] { "3", "14", "3", "image/png", "10", "20" }, img!.Args);
        Assert.True(opcodes.Count(o => o == "blob") > 1, "a 200x150 noise PNG needs several blobs");
        Assert.Equal("end", opcodes[^1]);
        Assert.Equal(new[] { 3 }, released);
        Assert.Equal(new[] { 3 }, allocated);
    }
}
