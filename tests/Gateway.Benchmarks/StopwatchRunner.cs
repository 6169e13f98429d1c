using System.Buffers;
using System.Diagnostics;
using Gateway.Display.Encoding;

namespace Gateway.Benchmarks;

/// <summary>
/// A plain Stopwatch loop over the planner and encoder benchmark methods, for a busy machine where
/// BenchmarkDotNet's error bars hide the result: each case is warmed up, then timed for a number of rounds,
/// and the median and best round are printed together with the bytes allocated per call.
/// Run: dotnet run -c Release --project tests/Gateway.Benchmarks -- --stopwatch [filter]
/// </summary>
internal static class StopwatchRunner
{
    public static void Run(string filter)
    {
        var planner = new PlannerBenchmarks();
        planner.Setup();
        Time("planner: one changed text line", filter, 400, () => planner.One_text_line());
        Time("planner: scroll by 3 text lines", filter, 60, () => planner.Scroll_three_lines());
        Time("planner: full-frame change", filter, 40, () => planner.Full_frame());
        Time("planner: full-frame draw only", filter, 60, () => planner.Redraw_full_frame_only());

        var (pixels, width, height) = EncoderBenchmarkImages.Frame();
        var output = new ArrayBufferWriter<byte>(4 * 1024 * 1024);
        var png = new PngEncoder();
        var jpeg = new JpegEncoder();
        var jpegSkia = new JpegEncoder(allowTurboJpeg: false);
        Time("encoder: PNG 1080p frame", filter, 30, () => Encode(png, pixels, width, height, new EncodeOptions(HasAlpha: false), output));
        Time("encoder: JPEG q80 1080p frame", filter, 30, () => Encode(jpeg, pixels, width, height, new EncodeOptions(Quality: 80, Lossless: false), output));
        Time("encoder: JPEG q50 1080p frame", filter, 30, () => Encode(jpeg, pixels, width, height, new EncodeOptions(Quality: 50, Lossless: false), output));
        Time("encoder: JPEG q80 1080p frame, Skia", filter, 20, () => Encode(jpegSkia, pixels, width, height, new EncodeOptions(Quality: 80, Lossless: false), output));

        var vnc = new VncDecoderBenchmarks();
        vnc.Setup();
        double turbo = Time("vnc: Tight JPEG 1280x800, turbojpeg", filter, 40, () => (int)vnc.TightJpeg());
        double skia = Time("vnc: Tight JPEG 1280x800, Skia", filter, 20, () => (int)vnc.TightJpegSkia());
        if (turbo > 0 && skia > 0)
        {
            Console.WriteLine($"vnc: Tight JPEG decode, Skia / turbojpeg median ratio {skia / turbo:F2}");
        }

        vnc.Cleanup();
    }

    private static int Encode(IImageEncoder encoder, byte[] pixels, int width, int height, EncodeOptions options, ArrayBufferWriter<byte> output)
    {
        output.ResetWrittenCount();
        encoder.Encode(pixels, width, height, width * 4, options, output);
        return output.WrittenCount;
    }

    /// <summary>Times <paramref name="body"/> and prints the figures; returns the median in ms (0 when filtered out).</summary>
    private static double Time(string name, string filter, int rounds, Func<int> body)
    {
        if (filter.Length > 0 && !name.Contains(filter, StringComparison.OrdinalIgnoreCase))
        {
            return 0;
        }

        // Warm-up long enough for tiered compilation to reach the optimised code.
        var warm = Stopwatch.StartNew();
        int result = 0;
        while (warm.ElapsedMilliseconds < 1500)
        {
            result = body();
        }

        var times = new double[rounds];
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < rounds; i++)
        {
            long start = Stopwatch.GetTimestamp();
            result = body();
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        allocated = (GC.GetAllocatedBytesForCurrentThread() - allocated) / rounds;
        Array.Sort(times);
        Console.WriteLine($"{name,-36} median {times[rounds / 2],9:F3} ms  best {times[0],9:F3} ms  alloc {allocated,10:N0} B/call  result {result}");
        return times[rounds / 2];
    }
}
