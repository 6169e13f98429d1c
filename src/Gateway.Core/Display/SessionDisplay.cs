using System.Buffers;
using Gateway.Core.Sessions;
using Gateway.Display.Encoding;
using Gateway.Display.Layers;
using Gateway.Display.Planning;
using Gateway.Display.Surfaces;

namespace Gateway.Core.Display;

/// <summary>
/// The server-side display of one session: a <see cref="DisplayModel"/> the back end draws into and the
/// <see cref="FramePlanner"/> that turns each frame's changes into instructions for every user.
/// <para>
/// Draw into <see cref="Model"/> only while holding <see cref="Sync"/>, then call <see cref="Flush"/> (under the
/// lock or not; it takes the lock itself). <see cref="SendFullState"/> takes the same lock, so a user who joins
/// sees either the state before a frame (and then receives that frame) or after it, never half of one.
/// </para>
/// Image formats follow <see cref="EncoderPolicy"/> with the owner's announced mimetypes, the worst client lag
/// and <see cref="ForceLossless"/>; image stream indices come from <see cref="Session.BroadcastStreams"/>.
/// </summary>
public sealed class SessionDisplay
{
    /// <summary>A frame buffer that grew beyond this many bytes is dropped after use instead of kept.</summary>
    public const int MaxRetainedBufferBytes = 4 * 1024 * 1024;

    private static readonly PngEncoder Png = new();
    private static readonly JpegEncoder Jpeg = new();
    private static readonly WebPEncoder WebP = new();

    private readonly Session _session;
    private readonly FramePlanner _planner = new();
    private readonly FrameWriter _writer;
    private readonly Dictionary<int, Queue<long>> _imageTimes = new();
    private ArrayBufferWriter<byte> _buffer = new(64 * 1024);
    private IReadOnlyCollection<string> _mimetypes = [];
    private int _lagMs;
    private long _now;

    /// <summary>Creates the display of <paramref name="session"/> with a default layer of the given size.</summary>
    public SessionDisplay(Session session, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(session);
        _session = session;
        Model = new DisplayModel(width, height);
        _writer = new FrameWriter(ChooseEncoder, AllocateStream, _session.BroadcastStreams.Free);
    }

    /// <summary>The lock that guards <see cref="Model"/>, the planner and all display output.</summary>
    public object Sync { get; } = new();

    /// <summary>What the back end draws into; touch it only while holding <see cref="Sync"/>.</summary>
    public DisplayModel Model { get; }

    /// <summary>The connection's force-lossless setting: no JPEG or lossy WebP at all.</summary>
    public bool ForceLossless { get; set; }

    /// <summary>
    /// Ends the current frame: plans what changed, sends it to every user and closes it with a <c>sync</c>.
    /// Returns false (and sends nothing, not even a <c>sync</c>) when nothing changed.
    /// </summary>
    public bool Flush()
    {
        lock (Sync)
        {
            var plan = _planner.Plan(Model.EndFrame());
            if (plan.IsEmpty)
            {
                return false;
            }

            PrepareEncoding();
            try
            {
                _writer.Write(plan, _buffer);
                _session.Broadcast(_buffer.WrittenSpan);
            }
            finally
            {
                ResetBuffer();
            }

            _session.EndFrame();
            return true;
        }
    }

    /// <summary>
    /// Sends <paramref name="user"/> everything the other users have already been sent (layers, content,
    /// cursor), followed by a <c>sync</c> through <see cref="Session.EndFrame"/>.
    /// </summary>
    public void SendFullState(SessionUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        lock (Sync)
        {
            PrepareEncoding();
            try
            {
                _writer.WriteFullState(_planner.Sent, _buffer);
                user.Send(_buffer.WrittenSpan);
            }
            finally
            {
                ResetBuffer();
            }

            _session.EndFrame();
        }
    }

    private void PrepareEncoding()
    {
        _mimetypes = _session.Owner?.Client.ImageMimetypes is { } listed ? [.. listed] : [];
        _lagMs = (int)Math.Clamp(_session.MaxProcessingLag(), 0, int.MaxValue);
        _now = _session.Now;
    }

    private void ResetBuffer()
    {
        if (_buffer.Capacity > MaxRetainedBufferBytes)
        {
            _buffer = new ArrayBufferWriter<byte>(64 * 1024);
        }
        else
        {
            _buffer.ResetWrittenCount();
        }
    }

    private IImageEncoder ChooseEncoder(PlanOperation op)
    {
        var pixels = op.Pixels ?? [];
        int stride = op.Rect.Width * Surface.BytesPerPixel;
        var content = ContentClassifier.Analyse(pixels, op.Rect.Width, op.Rect.Height, stride);
        var region = new EncoderRegion(op.Rect.Width, op.Rect.Height, !op.HasAlpha, UpdateRate(op.Layer), content);
        var choice = EncoderPolicy.Choose(_mimetypes, region, _lagMs, ForceLossless);
        IImageEncoder encoder = choice.Format switch
        {
            ImageFormat.Jpeg => Jpeg,
            ImageFormat.WebP => WebP,
            _ => Png,
        };
        return new ChosenEncoder(encoder, choice.Options);
    }

    /// <summary>Images sent to one layer in the last second: a coarse per-layer update rate.</summary>
    private double UpdateRate(int layer)
    {
        if (!_imageTimes.TryGetValue(layer, out var times))
        {
            times = new Queue<long>();
            _imageTimes[layer] = times;
        }

        while (times.Count > 0 && _now - times.Peek() >= 1000)
        {
            times.Dequeue();
        }

        if (times.Count < 64)
        {
            times.Enqueue(_now);
        }

        var distinct = 0;
        long last = long.MinValue;
        foreach (long t in times)
        {
            if (t != last)
            {
                distinct++;
                last = t;
            }
        }

        return distinct;
    }

    private int AllocateStream() =>
        _session.BroadcastStreams.TryAllocate(out int index)
            ? index
            : throw new InvalidOperationException("no free stream index for an image");

    /// <summary>Applies the policy's options (quality, lossless) to the chosen encoder.</summary>
    private sealed class ChosenEncoder(IImageEncoder inner, EncodeOptions options) : IImageEncoder
    {
        public ImageFormat Format => inner.Format;

        public string Mimetype => inner.Mimetype;

        public void Encode(ReadOnlySpan<byte> bgra, int width, int height, int stride, EncodeOptions requested, IBufferWriter<byte> output) =>
            inner.Encode(bgra, width, height, stride, options with { HasAlpha = requested.HasAlpha || options.HasAlpha }, output);
    }
}
