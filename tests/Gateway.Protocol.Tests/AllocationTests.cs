using System.Buffers;
using Gateway.Protocol.Tests.TestSupport;

namespace Gateway.Protocol.Tests;

/// <summary>
/// Steady state allocates nothing: writing into a reused buffer and reading through the view API.
/// Measured with the per-thread allocation counter, so tests running on other threads do not interfere.
/// </summary>
public sealed class AllocationTests
{
    private const int Iterations = 2000;

    private static readonly byte[] BlobData = [.. Enumerable.Range(0, 6048).Select(i => (byte)i)];

    [Fact]
    public void Writing_instructions_into_a_reused_buffer_allocates_nothing()
    {
        var output = new ArrayBufferWriter<byte>(64 * 1024);
        WriteMany(output, 50);
        AssertSteadyStateAllocatesNothing(() => WriteMany(output, Iterations));
    }

    [Fact]
    public void Parsing_many_instructions_through_the_view_api_allocates_nothing()
    {
        byte[] stream = BuildStream();
        var parser = new InstructionParser();
        long checksum = ParseSpan(parser, stream);
        AssertSteadyStateAllocatesNothing(() =>
        {
            for (int i = 0; i < 20; i++)
            {
                checksum += ParseSpan(parser, stream);
            }
        });
        Assert.NotEqual(0, checksum);
    }

    [Fact]
    public void Parsing_across_segments_allocates_nothing_after_the_first_straddling_instruction()
    {
        byte[] stream = BuildStream();
        var sequence = Sequences.Chunked(stream, 4096);
        var parser = new InstructionParser();
        long checksum = ParseSequence(parser, sequence);
        AssertSteadyStateAllocatesNothing(() =>
        {
            for (int i = 0; i < 20; i++)
            {
                checksum += ParseSequence(parser, sequence);
            }
        });
        Assert.NotEqual(0, checksum);
    }

    /// <summary>
    /// Runs <paramref name="round"/> several times and requires a round that allocates nothing. The runtime may
    /// allocate once while it recompiles hot methods (tiered JIT, on-stack replacement) in the middle of a round;
    /// an allocation per instruction would show in every round, so it still fails.
    /// </summary>
    private static void AssertSteadyStateAllocatesNothing(Action round)
    {
        var seen = new List<long>();
        for (int attempt = 0; attempt < 10; attempt++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            round();
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            if (allocated == 0)
            {
                return;
            }

            seen.Add(allocated);
        }

        Assert.Fail("every round allocated: " + string.Join(", ", seen) + " bytes");
    }

    private static void WriteMany(ArrayBufferWriter<byte> output, int count)
    {
        for (int i = 0; i < count; i++)
        {
            output.ResetWrittenCount();
            InstructionWriter.Start(output, "img"u8).Add(2).Add(14).Add(0).AddUtf8("image/png"u8).Add(i).Add(-i).End();
            InstructionWriter.Start(output, "blob"u8).Add(2).AddBase64(BlobData).End();
            InstructionWriter.Start(output, "end"u8).Add(2).End();
            InstructionWriter.Start(output, "rect"u8).Add(0).Add(i).Add(i).Add(64).Add(64).End();
            InstructionWriter.Start(output, "mouse"u8).Add(i).Add(i * 2).Add(1).Add(1_700_000_000_000L + i).End();
            InstructionWriter.Start(output, "arc"u8).Add(1).Add(0.5).Add(-45.25).Add(true).End();
            InstructionWriter.Start(output, "name").Add("caf\u00E9 \uD83D\uDE00").End();
            InstructionWriter.Start(output, "sync"u8).Add(1_700_000_000_000L + i).End();
        }
    }

    private static byte[] BuildStream()
    {
        var output = new ArrayBufferWriter<byte>();
        for (int i = 0; i < 200; i++)
        {
            InstructionWriter.Start(output, "img"u8).Add(2).Add(14).Add(0).AddUtf8("image/png"u8).Add(i).Add(i).End();
            InstructionWriter.Start(output, "blob"u8).Add(2).AddBase64(BlobData).End();
            InstructionWriter.Start(output, "end"u8).Add(2).End();
            InstructionWriter.Start(output, "mouse"u8).Add(i).Add(i).Add(0).End();
            InstructionWriter.Start(output, "key"u8).Add(65307).Add(1).End();
            InstructionWriter.Start(output, "name").Add("caf\u00E9 \u4F60\u597D \uD83D\uDE00").End();
            InstructionWriter.Start(output, "sync"u8).Add(1_700_000_000_000L + i).End();
        }

        return output.WrittenSpan.ToArray();
    }

    private static long ParseSpan(InstructionParser parser, ReadOnlySpan<byte> data)
    {
        long checksum = 0;
        while (parser.TryRead(data, out var view, out int consumed) == ParseResult.Complete)
        {
            checksum += Use(view);
            data = data[consumed..];
        }

        return checksum;
    }

    private static long ParseSequence(InstructionParser parser, ReadOnlySequence<byte> buffer)
    {
        long checksum = 0;
        while (parser.TryRead(ref buffer, out var view) == ParseResult.Complete)
        {
            checksum += Use(view);
        }

        return checksum;
    }

    private static long Use(InstructionView view)
    {
        long sum = view.Opcode.Length + view.ArgCount;
        if (view.Is("mouse"u8) && view.TryGetInt32(0, out int x))
        {
            sum += x;
        }
        else if (view.Is("sync"u8) && view.TryGetInt64(0, out long ts))
        {
            sum += ts & 0xFF;
        }
        else if (view.Is("blob"u8))
        {
            sum += view.Arg(1).Length;
        }

        return sum;
    }
}
