using System.Buffers;
using Gateway.Protocol;

namespace Gateway.Benchmarks;

/// <summary>
/// The streams the parser benchmarks read. Built deterministically, so the benchmark process and the host
/// (which computes the throughput column) agree on their sizes.
/// </summary>
public static class Payloads
{
    /// <summary>Images per blob-heavy stream; each has one img, <see cref="BlobsPerImage"/> blobs, one end and one sync.</summary>
    public const int Images = 100;

    public const int BlobsPerImage = 10;

    /// <summary>guacd's largest blob: 6048 raw bytes, 8064 base64 characters.</summary>
    public const int BlobRawBytes = 6048;

    /// <summary>Instructions in the blob-heavy stream.</summary>
    public const int BlobHeavyInstructions = Images * (BlobsPerImage + 3);

    /// <summary>Instructions in the small-input stream.</summary>
    public const int SmallInputInstructions = 1000;

    public const string BlobHeavyName = "blob-heavy";

    public const string SmallInputName = "small-input";

    private static readonly Lazy<Payload> BlobHeavyPayload = new(BuildBlobHeavy);

    private static readonly Lazy<Payload> SmallInputPayload = new(BuildSmallInput);

    /// <summary>What guacd sends while streaming images: img, blobs of base64, end, sync.</summary>
    public static Payload BlobHeavy => BlobHeavyPayload.Value;

    /// <summary>What a browser sends: mouse and key events.</summary>
    public static Payload SmallInput => SmallInputPayload.Value;

    public static Payload Get(string name) => name switch
    {
        BlobHeavyName => BlobHeavy,
        SmallInputName => SmallInput,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown payload"),
    };

    private static Payload BuildBlobHeavy()
    {
        var random = new Random(20260722);
        var raw = new byte[BlobRawBytes];
        var output = new ArrayBufferWriter<byte>(9 * 1024 * 1024);
        for (int image = 0; image < Images; image++)
        {
            int stream = image % 4;
            InstructionWriter.Start(output, "img"u8).Add(stream).Add(14).Add(0).AddUtf8("image/jpeg"u8).Add(image * 64).Add(128).End();
            for (int blob = 0; blob < BlobsPerImage; blob++)
            {
                random.NextBytes(raw);
                InstructionWriter.Start(output, "blob"u8).Add(stream).AddBase64(raw).End();
            }

            InstructionWriter.Start(output, "end"u8).Add(stream).End();
            InstructionWriter.Start(output, "sync"u8).Add(1_784_000_000_000L + (image * 16)).Add(1).End();
        }

        return new Payload(output.WrittenSpan.ToArray(), BlobHeavyInstructions);
    }

    private static Payload BuildSmallInput()
    {
        var output = new ArrayBufferWriter<byte>();
        for (int i = 0; i < SmallInputInstructions; i++)
        {
            if (i % 4 == 3)
            {
                InstructionWriter.Start(output, "key"u8).Add(0x61 + (i % 26)).Add(i % 8 == 3 ? 1 : 0).End();
            }
            else
            {
                InstructionWriter.Start(output, "mouse"u8).Add(100 + (i % 1800)).Add(50 + (i % 1000)).Add(i % 3 == 0 ? 1 : 0).End();
            }
        }

        return new Payload(output.WrittenSpan.ToArray(), SmallInputInstructions);
    }
}
