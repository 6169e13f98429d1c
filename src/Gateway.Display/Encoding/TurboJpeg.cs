using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace Gateway.Display.Encoding;

/// <summary>
/// libjpeg-turbo's TurboJPEG API (<c>libturbojpeg.so.0</c>, Debian package <c>libturbojpeg0</c>), loaded on first
/// use. When the library is missing, <see cref="IsAvailable"/> is false and <see cref="JpegEncoder"/> falls back to
/// SkiaSharp (and <see cref="JpegDecoder"/> likewise). Handles are not thread-safe, so each encode or decode takes one
/// from a small pool of its kind.
/// </summary>
internal static unsafe class TurboJpeg
{
    /// <summary>TJPF_BGRX: 4 bytes per pixel in B, G, R order, the fourth byte ignored.</summary>
    private const int PixelFormatBgrx = 3;

    /// <summary>TJPF_BGRA: like BGRX, but decompression sets the fourth byte to 255.</summary>
    private const int PixelFormatBgra = 8;

    /// <summary>TJSAMP_420: chroma halved in both directions.</summary>
    private const int Subsampling420 = 2;

    /// <summary>TJFLAG_NOREALLOC: compress into the caller's buffer, which must hold <c>tjBufSize</c> bytes.</summary>
    private const int FlagNoRealloc = 1024;

    /// <summary>Idle compressor handles kept for reuse; more are destroyed.</summary>
    private const int MaxIdleHandles = 8;

    private static readonly string[] LibraryNames = ["libturbojpeg.so.0", "libturbojpeg.so", "libturbojpeg.0.dylib", "turbojpeg"];
    private static readonly Lazy<Api?> Loaded = new(Load);
    private static readonly ConcurrentBag<nint> Idle = [];
    private static readonly ConcurrentBag<nint> IdleDecompressors = [];

    /// <summary>True when the library was found and has every function the encoder needs.</summary>
    public static bool IsAvailable => Loaded.Value is not null;

    /// <summary>True when the library also has the decompression functions <see cref="Decompress"/> needs.</summary>
    public static bool CanDecompress => Loaded.Value?.HasDecompress == true;

    /// <summary>
    /// Reads the JPEG's frame header. Returns false when the library rejects the data; the sizes it reports are
    /// the stream's own, so the caller must check them before trusting anything else.
    /// </summary>
    public static bool TryReadHeader(ReadOnlySpan<byte> jpeg, out int width, out int height)
    {
        var api = Loaded.Value;
        width = 0;
        height = 0;
        if (api is null || !api.HasDecompress || jpeg.IsEmpty)
        {
            return false;
        }

        nint handle = RentDecompressor(api);
        int w = 0, h = 0, subsampling = 0, colourspace = 0;
        int result;
        fixed (byte* source = jpeg)
        {
            result = api.DecompressHeader3(handle, source, new CULong((nuint)jpeg.Length), &w, &h, &subsampling, &colourspace);
        }

        ReturnDecompressor(api, handle, result == 0);
        width = w;
        height = h;
        return result == 0;
    }

    /// <summary>
    /// Decodes <paramref name="jpeg"/> into BGRA rows <paramref name="stride"/> bytes apart, alpha 255. The caller
    /// has checked the header's size against <paramref name="width"/> × <paramref name="height"/> and the buffer
    /// against both. Returns false on any error or warning (corrupt or truncated data).
    /// </summary>
    public static bool Decompress(ReadOnlySpan<byte> jpeg, Span<byte> bgra, int width, int height, int stride)
    {
        var api = Loaded.Value ?? throw new InvalidOperationException("turbojpeg is not available");
        if (!api.HasDecompress)
        {
            throw new InvalidOperationException("turbojpeg cannot decompress");
        }

        nint handle = RentDecompressor(api);
        int result;
        fixed (byte* source = jpeg)
        fixed (byte* target = bgra)
        {
            result = api.Decompress2(handle, source, new CULong((nuint)jpeg.Length), target, width, stride, height, PixelFormatBgra, 0);
        }

        // A handle that failed mid-stream is destroyed rather than trusted again.
        ReturnDecompressor(api, handle, result == 0);
        return result == 0;
    }

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

    private static nint RentDecompressor(Api api)
    {
        if (IdleDecompressors.TryTake(out nint handle))
        {
            return handle;
        }

        handle = api.InitDecompress();
        return handle != 0 ? handle : throw new InvalidOperationException("turbojpeg could not create a decompressor");
    }

    private static void ReturnDecompressor(Api api, nint handle, bool healthy)
    {
        if (healthy && IdleDecompressors.Count < MaxIdleHandles)
        {
            IdleDecompressors.Add(handle);
        }
        else
        {
            api.Destroy(handle);
        }
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
                // Decompression is optional: the encoder works without it.
                bool decompress = NativeLibrary.TryGetExport(library, "tjInitDecompress", out nint initDecompress)
                    & NativeLibrary.TryGetExport(library, "tjDecompressHeader3", out nint header3)
                    & NativeLibrary.TryGetExport(library, "tjDecompress2", out nint decompress2);
                return new Api(
                    (delegate* unmanaged<nint>)init,
                    (delegate* unmanaged<nint, byte*, int, int, int, int, byte**, CULong*, int, int, int, int>)compress,
                    (delegate* unmanaged<int, int, int, CULong>)bufSize,
                    (delegate* unmanaged<nint, int>)destroy,
                    decompress ? (delegate* unmanaged<nint>)initDecompress : null,
                    decompress ? (delegate* unmanaged<nint, byte*, CULong, int*, int*, int*, int*, int>)header3 : null,
                    decompress ? (delegate* unmanaged<nint, byte*, CULong, byte*, int, int, int, int, int, int>)decompress2 : null);
            }

            NativeLibrary.Free(library);
        }

        return null;
    }

    private sealed class Api(
        delegate* unmanaged<nint> initCompress,
        delegate* unmanaged<nint, byte*, int, int, int, int, byte**, CULong*, int, int, int, int> compress2,
        delegate* unmanaged<int, int, int, CULong> bufSize,
        delegate* unmanaged<nint, int> destroy,
        delegate* unmanaged<nint> initDecompress,
        delegate* unmanaged<nint, byte*, CULong, int*, int*, int*, int*, int> decompressHeader3,
        delegate* unmanaged<nint, byte*, CULong, byte*, int, int, int, int, int, int> decompress2)
    {
        public bool HasDecompress => initDecompress != null && decompressHeader3 != null && decompress2 != null;

        public nint InitCompress() => initCompress();

        public nint InitDecompress() => initDecompress();

        public int DecompressHeader3(nint handle, byte* source, CULong size, int* width, int* height, int* subsampling, int* colourspace) =>
            decompressHeader3(handle, source, size, width, height, subsampling, colourspace);

        public int Decompress2(nint handle, byte* source, CULong size, byte* target, int width, int pitch, int height, int pixelFormat, int flags) =>
            decompress2(handle, source, size, target, width, pitch, height, pixelFormat, flags);

        public int Compress2(nint handle, byte* source, int width, int pitch, int height, int pixelFormat, byte** buffer, CULong* size, int subsampling, int quality, int flags) =>
            compress2(handle, source, width, pitch, height, pixelFormat, buffer, size, subsampling, quality, flags);

        public CULong BufSize(int width, int height, int subsampling) => bufSize(width, height, subsampling);

        public int Destroy(nint handle) => destroy(handle);
    }
}
