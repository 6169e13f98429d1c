using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace Gateway.Display.Encoding;

/// <summary>
/// libjpeg-turbo's TurboJPEG API (<c>libturbojpeg.so.0</c>, Debian package <c>libturbojpeg0</c>), loaded on first
/// use. When the library is missing, <see cref="IsAvailable"/> is false and <see cref="JpegEncoder"/> falls back to
/// SkiaSharp. Compressor handles are not thread-safe, so each encode takes one from a small pool.
/// </summary>
internal static unsafe class TurboJpeg
{
    /// <summary>TJPF_BGRX: 4 bytes per pixel in B, G, R order, the fourth byte ignored.</summary>
    private const int PixelFormatBgrx = 3;

    /// <summary>TJSAMP_420: chroma halved in both directions.</summary>
    private const int Subsampling420 = 2;

    /// <summary>TJFLAG_NOREALLOC: compress into the caller's buffer, which must hold <c>tjBufSize</c> bytes.</summary>
    private const int FlagNoRealloc = 1024;

    /// <summary>Idle compressor handles kept for reuse; more are destroyed.</summary>
    private const int MaxIdleHandles = 8;

    private static readonly string[] LibraryNames = ["libturbojpeg.so.0", "libturbojpeg.so", "libturbojpeg.0.dylib", "turbojpeg"];
    private static readonly Lazy<Api?> Loaded = new(Load);
    private static readonly ConcurrentBag<nint> Idle = [];

    /// <summary>True when the library was found and has every function the encoder needs.</summary>
    public static bool IsAvailable => Loaded.Value is not null;

    /// <summary>
    /// Encodes opaque BGRA rows as a baseline JPEG with 4:2:0 subsampling straight into <paramref name="output"/>.
    /// The arguments must already be validated.
    /// </summary>
    public static void Compress(ReadOnlySpan<byte> bgra, int width, int height, int stride, int quality, IBufferWriter<byte> output)
    {
        var api = Loaded.Value ?? throw new InvalidOperationException("turbojpeg is not available");
        ulong bound = api.BufSize(width, height, Subsampling420).Value;
        if (bound == 0 || bound > int.MaxValue)
        {
            throw new InvalidOperationException("turbojpeg cannot size the output for this image");
        }

        var destination = output.GetSpan((int)bound);
        if (!Idle.TryTake(out nint handle))
        {
            handle = api.InitCompress();
            if (handle == 0)
            {
                throw new InvalidOperationException("turbojpeg could not create a compressor");
            }
        }

        int result;
        CULong size = new((nuint)destination.Length);
        fixed (byte* source = bgra)
        fixed (byte* target = destination)
        {
            byte* buffer = target;
            result = api.Compress2(handle, source, width, stride, height, PixelFormatBgrx, &buffer, &size, Subsampling420, quality, FlagNoRealloc);
            if (result == 0 && buffer != target)
            {
                result = -1;
            }
        }

        if (result != 0)
        {
            api.Destroy(handle);
            throw new InvalidOperationException("turbojpeg could not encode jpeg");
        }

        if (Idle.Count < MaxIdleHandles)
        {
            Idle.Add(handle);
        }
        else
        {
            api.Destroy(handle);
        }

        if (size.Value > (ulong)destination.Length)
        {
            throw new InvalidOperationException("turbojpeg wrote past its output bound");
        }

        output.Advance((int)size.Value);
    }

    private static Api? Load()
    {
        foreach (var name in LibraryNames)
        {
            if (!NativeLibrary.TryLoad(name, typeof(TurboJpeg).Assembly, null, out nint library))
            {
                continue;
            }

            if (NativeLibrary.TryGetExport(library, "tjInitCompress", out nint init)
                && NativeLibrary.TryGetExport(library, "tjCompress2", out nint compress)
                && NativeLibrary.TryGetExport(library, "tjBufSize", out nint bufSize)
                && NativeLibrary.TryGetExport(library, "tjDestroy", out nint destroy))
            {
                return new Api(
                    (delegate* unmanaged<nint>)init,
                    (delegate* unmanaged<nint, byte*, int, int, int, int, byte**, CULong*, int, int, int, int>)compress,
                    (delegate* unmanaged<int, int, int, CULong>)bufSize,
                    (delegate* unmanaged<nint, int>)destroy);
            }

            NativeLibrary.Free(library);
        }

        return null;
    }

    private sealed class Api(
        delegate* unmanaged<nint> initCompress,
        delegate* unmanaged<nint, byte*, int, int, int, int, byte**, CULong*, int, int, int, int> compress2,
        delegate* unmanaged<int, int, int, CULong> bufSize,
        delegate* unmanaged<nint, int> destroy)
    {
        public nint InitCompress() => initCompress();

        public int Compress2(nint handle, byte* source, int width, int pitch, int height, int pixelFormat, byte** buffer, CULong* size, int subsampling, int quality, int flags) =>
            compress2(handle, source, width, pitch, height, pixelFormat, buffer, size, subsampling, quality, flags);

        public CULong BufSize(int width, int height, int subsampling) => bufSize(width, height, subsampling);

        public int Destroy(nint handle) => destroy(handle);
    }
}
