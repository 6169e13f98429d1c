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
/// <para>
/// Flow control: a user who is behind (see <see cref="IsBehind"/>) is held back. It gets no frames; the areas it
/// missed are recorded in a <see cref="CoalescedUpdate"/> (cells per layer, O(display) memory whatever it misses).
/// Once it has acknowledged every frame it was sent, it gets one update of the current state of exactly those
/// areas and a <c>sync</c>, at once from its acknowledgement, not at the next frame. Fast users keep full rate.
/// <see cref="SessionOptions.MaxOutboundBytes"/> stays the last resort for a client that reads nothing at all.
/// </para>
/// Image formats follow <see cref="EncoderPolicy"/> with the owner's announced mimetypes, the worst lag among the
/// users who receive the frame and <see cref="ForceLossless"/>; full states, catch-ups and refreshes are always
/// lossless. A back end's own JPEG of a region (<see cref="DisplayModel.PutEncoded"/>) is sent as it came whenever the
/// region could be sent lossy at all (not force-lossless, the client takes <c>image/jpeg</c>, not the cursor); it then
/// counts as lossy like a JPEG we encoded. Regions sent lossy are re-sent losslessly once unchanged for
/// <see cref="LossyRefreshDelay"/>.
/// Images of a frame are encoded on <see cref="Pool"/>. Image stream indices come from
/// <see cref="Session.BroadcastStreams"/>.
/// </summary>
public sealed class SessionDisplay
{
    /// <summary>
    /// A frame buffer that grew beyond this many bytes is dropped after use instead of kept: one full-screen frame
    /// must not stay with an idle session (a busy one writes a new large buffer per large frame, which is rare).
    /// </summary>
    public const int MaxRetainedBufferBytes = 512 * 1024;

    /// <summary>Default of <see cref="MaxUnackedFrames"/>.</summary>
    public const int DefaultMaxUnackedFrames = 2;

    /// <summary>Default of <see cref="MaxLag"/>, in milliseconds.</summary>
    public const int DefaultMaxLagMs = 200;

    /// <summary>Default of <see cref="LossyRefreshDelay"/>, in milliseconds.</summary>
    public const int DefaultLossyRefreshDelayMs = 1000;

    /// <summary>Default of <see cref="MaxRefreshCellsPerTick"/>: 64 cells of 64×64, a quarter megapixel.</summary>
    public const int DefaultMaxRefreshCellsPerTick = 64;

    /// <summary>How far back <see cref="UpdateRate"/> looks for a layer's previous change, in milliseconds.</summary>
    private const long RateWindowMs = 2000;

    private static readonly PngEncoder Png = new();
    private static readonly JpegEncoder Jpeg = new();
    private static readonly WebPEncoder WebP = new();

    private readonly Session _session;
    private readonly FramePlanner _planner = new();
    private readonly FrameWriter _writer;
    private readonly Dictionary<int, Queue<long>> _imageTimes = new();
    private readonly Dictionary<SessionUser, UserFlow> _flows = new();
    private readonly LossyRegions _lossy = new();
    private readonly List<bool> _chosenLossy = new();
    private readonly List<SessionUser> _recipients = new();
    private readonly List<SessionUser> _caughtUp = new();
    private ArrayBufferWriter<byte> _buffer = new(64 * 1024);
    private IReadOnlyCollection<string> _mimetypes = [];
    private int _lagMs;
    private long _now;
    private bool _losslessOnly;
    private int _heldUsers;
    private ITimer? _autoFlushTimer;
    private ITimer? _refreshTimer;
    private TimeSpan _autoFlushMaxInterval;
    private long _autoFlushSeenVersion = -1;
    private long _frameStart = -1;

    /// <summary>
    /// Pixel bytes this display keeps: the model's layers (and the cells saved for a frame in progress) and what the
    /// planner keeps between frames. Clients' pictures are not kept separately: between frames they equal the model.
    /// </summary>
    public long HeldPixelBytes()
    {
        lock (Sync)
        {
            return Model.HeldPixelBytes() + _planner.HeldPixelBytes();
        }
    }

    /// <summary>Creates the display of <paramref name="session"/> with a default layer of the given size.</summary>
    public SessionDisplay(Session session, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(session);
        _session = session;
        Model = new DisplayModel(width, height);
        _writer = new FrameWriter(ChooseEncoder, AllocateStream, _session.BroadcastStreams.Free);
        session.SyncAcknowledged += OnSyncAcknowledged;
        session.Ending.Register(static s => ((SessionDisplay)s!).StopTimers(), this);
    }

    /// <summary>The lock that guards <see cref="Model"/>, the planner and all display output.</summary>
    public object Sync { get; } = new();

    /// <summary>What the back end draws into; touch it only while holding <see cref="Sync"/>.</summary>
    public DisplayModel Model { get; }

    /// <summary>The connection's force-lossless setting: no JPEG or lossy WebP at all.</summary>
    public bool ForceLossless { get; set; }

    /// <summary>Where a frame's images are encoded in parallel (the shared pool by default); null encodes on the flushing thread.</summary>
    public EncoderPool? Pool { get; set; } = EncoderPool.Shared;

    /// <summary>Unacknowledged frames a user may have before it can be held back (see <see cref="IsBehind"/>).</summary>
    public int MaxUnackedFrames { get; set; } = DefaultMaxUnackedFrames;

    /// <summary>Processing lag beyond which a user with too many unacknowledged frames is held back (see <see cref="IsBehind"/>).</summary>
    public TimeSpan MaxLag { get; set; } = TimeSpan.FromMilliseconds(DefaultMaxLagMs);

    /// <summary>How long a region sent lossy must stay unchanged before it is re-sent losslessly.</summary>
    public TimeSpan LossyRefreshDelay { get; set; } = TimeSpan.FromMilliseconds(DefaultLossyRefreshDelayMs);

    /// <summary>The most 64×64 cells one lossless refresh re-sends, so that refreshing never takes a large frame's time.</summary>
    public int MaxRefreshCellsPerTick { get; set; } = DefaultMaxRefreshCellsPerTick;

    /// <summary>
    /// True when <paramref name="user"/> is too far behind to be sent another frame now: it has more than
    /// <see cref="MaxUnackedFrames"/> frames unacknowledged <i>and</i> a processing lag (how long its oldest
    /// unacknowledged frame has waited beyond the network round trip, or its last measured lag) above
    /// <see cref="MaxLag"/>. Both are needed: a fast client on a long link has many frames in flight but no lag,
    /// and one slow frame alone is not a trend. A client that stops acknowledging is therefore sent at most the
    /// frames of <see cref="MaxLag"/> (and at least <see cref="MaxUnackedFrames"/> + 1) before it is held back.
    /// </summary>
    public bool IsBehind(SessionUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        int unacked = user.UnacknowledgedFrames;
        return unacked > Math.Max(0, MaxUnackedFrames) && user.CurrentLag(_session.Now) > (long)MaxLag.TotalMilliseconds;
    }

    /// <summary>True while <paramref name="user"/> is held back and collecting a coalesced update.</summary>
    public bool IsHeldBack(SessionUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        lock (Sync)
        {
            return _flows.TryGetValue(user, out var flow) && flow.Held;
        }
    }

    /// <summary>
    /// Ends the current frame: plans what changed, sends it to every user who is not held back and closes it with
    /// a <c>sync</c>. Returns false (and sends nothing, not even a <c>sync</c>) when nothing changed.
    /// </summary>
    public bool Flush()
    {
        lock (Sync)
        {
            _frameStart = -1;
            var plan = _planner.Plan(Model.EndFrame());
            if (plan.IsEmpty)
            {
                return false;
            }

            try
            {
                SendOperations(plan.Operations, lossless: false);
            }
            finally
            {
                // The frame is written and encoded: its pixel arrays go back to the planner's pool.
                plan.ReleaseBuffers();
            }

            return true;
        }
    }

    /// <summary>
    /// Sends <paramref name="user"/> everything the other users have already been sent (layers, content,
    /// cursor), followed by a <c>sync</c> that also goes to every user who is not held back.
    /// </summary>
    public void SendFullState(SessionUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        lock (Sync)
        {
            PrepareEncoding(lossless: true, []);
            try
            {
                // The model may hold drawing not yet flushed: the joiner gets what the others hold, then that frame.
                _planner.ReadSent(Model, state => _writer.WriteFullState(state, _buffer, Pool));
                user.Send(_buffer.WrittenSpan);
            }
            finally
            {
                ResetBuffer();
            }

            var flow = FlowOf(user);
            if (flow.Held)
            {
                flow.Held = false;
                _heldUsers--;
            }

            flow.Missed.Clear();

            // The joiner's frame ends for everyone who keeps up, as a back end's own join frame would.
            _recipients.Clear();
            foreach (var other in _session.Users)
            {
                if (ReferenceEquals(other, user) || !(_flows.TryGetValue(other, out var f) && f.Held))
                {
                    _recipients.Add(other);
                }
            }

            if (!_recipients.Contains(user))
            {
                _recipients.Add(user);
            }

            _session.EndFrame(_recipients);
        }
    }

    /// <summary>
    /// For back ends that cannot tell where frames end: flushes by itself whenever changes are pending and either
    /// nothing was drawn between two checks, or the frame has lasted <paramref name="maxInterval"/> (counted from
    /// the first check that found changes; guacd's heuristic frames last 10 to 100 ms). Checks run every
    /// <paramref name="quiet"/> on the session's clock. Back ends that can tell should call
    /// <see cref="Flush"/> instead.
    /// </summary>
    public void EnableAutoFlush(TimeSpan quiet, TimeSpan maxInterval)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(quiet, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxInterval, quiet);
        lock (Sync)
        {
            if (_session.Ending.IsCancellationRequested)
            {
                return;
            }

            _autoFlushMaxInterval = maxInterval;
            _autoFlushTimer?.Dispose();
            _autoFlushTimer = _session.Time.CreateTimer(static s => ((SessionDisplay)s!).AutoFlushTick(), this, quiet, quiet);
        }
    }

    /// <summary>Stops automatic flushing.</summary>
    public void DisableAutoFlush()
    {
        lock (Sync)
        {
            _autoFlushTimer?.Dispose();
            _autoFlushTimer = null;
        }
    }

    /// <summary>
    /// Re-sends losslessly up to <see cref="MaxRefreshCellsPerTick"/> cells that were sent lossy and have been
    /// unchanged for <see cref="LossyRefreshDelay"/>, as a frame of its own. Runs by itself on a timer once
    /// anything was sent lossy, and stops once nothing lossy is left; returns true when it sent something.
    /// </summary>
    public bool RefreshLossy()
    {
        lock (Sync)
        {
            if (_lossy.LossyCells == 0)
            {
                // Nothing lossy left: the timer stops until something is sent lossy again.
                _refreshTimer?.Dispose();
                _refreshTimer = null;
                return false;
            }

            // Reading what clients hold decodes what the model keeps undecoded: only when something is due.
            long quietMs = (long)LossyRefreshDelay.TotalMilliseconds;
            if (!_lossy.AnyDue(_session.Now, quietMs))
            {
                return false;
            }

            List<PlanOperation> ops = [];
            _planner.ReadSent(Model, state => ops = _lossy.TakeRefresh(state, _session.Now, quietMs, MaxRefreshCellsPerTick));
            if (ops.Count == 0)
            {
                return false;
            }

            SendOperations(ops, lossless: true);
            return true;
        }
    }

    /// <summary>Sends planned operations (already applied to the mirror) to the users who keep up; records them for the others.</summary>
    private void SendOperations(IReadOnlyList<PlanOperation> operations, bool lossless)
    {
        _recipients.Clear();
        _caughtUp.Clear();
        var sent = _planner.Sent;
        foreach (var user in _session.Users)
        {
            if (user.HasLeft)
            {
                continue;
            }

            var flow = FlowOf(user);
            if (!flow.Held && IsBehind(user))
            {
                flow.Held = true;
                _heldUsers++;
            }

            if (flow.Held)
            {
                flow.Missed.Record(operations, sent);
                if (user.UnacknowledgedFrames == 0)
                {
                    _caughtUp.Add(user);
                }
            }
            else
            {
                _recipients.Add(user);
            }
        }

        ForgetDepartedUsers();
        _chosenLossy.Clear();
        if (_recipients.Count > 0)
        {
            PrepareEncoding(lossless, _recipients);
            try
            {
                _writer.Write(operations, _buffer, Pool);
                foreach (var user in _recipients)
                {
                    user.Send(_buffer.WrittenSpan);
                }
            }
            finally
            {
                ResetBuffer();
            }

            _session.EndFrame(_recipients);
        }

        // Nobody got lossy pixels when nobody got the frame: held users catch up losslessly.
        _lossy.Apply(operations, _chosenLossy, sent, _session.Now);
        if (_lossy.LossyCells > 0)
        {
            StartRefreshTimer();
        }

        foreach (var user in _caughtUp)
        {
            CatchUp(user, _flows[user]);
        }
    }

    /// <summary>Sends a held-back user one update of the current state of everything it missed, then a <c>sync</c>.</summary>
    private void CatchUp(SessionUser user, UserFlow flow)
    {
        flow.Held = false;
        _heldUsers--;
        if (flow.Missed.IsEmpty || user.HasLeft)
        {
            return;
        }

        PrepareEncoding(lossless: true, [user]);
        try
        {
            _planner.ReadSent(Model, state => _writer.WriteCatchUp(state, flow.Missed, _buffer, Pool));
            user.Send(_buffer.WrittenSpan);
        }
        finally
        {
            ResetBuffer();
            flow.Missed.Clear();
        }

        _session.EndFrame([user]);
    }

    private void OnSyncAcknowledged(SessionUser user)
    {
        if (Volatile.Read(ref _heldUsers) == 0 || user.UnacknowledgedFrames != 0)
        {
            return;
        }

        // Off the user's input loop: the back end may be holding the lock while it draws.
        ThreadPool.UnsafeQueueUserWorkItem(
            static s =>
            {
                var (display, u) = s;
                display.Guard(() =>
                {
                    lock (display.Sync)
                    {
                        if (display._flows.TryGetValue(u, out var flow) && flow.Held && u.UnacknowledgedFrames == 0)
                        {
                            display.CatchUp(u, flow);
                        }
                    }
                });
            },
            (this, user),
            preferLocal: false);
    }

    private void AutoFlushTick() => Guard(() =>
    {
        lock (Sync)
        {
            if (_autoFlushTimer is null)
            {
                return;
            }

            long version = Model.Version;
            if (!Model.HasPendingChanges)
            {
                _autoFlushSeenVersion = version;
                return;
            }

            // The frame counts as started at the first check that finds changes pending.
            long now = _session.Now;
            if (_frameStart < 0)
            {
                _frameStart = now;
            }

            bool quiet = version == _autoFlushSeenVersion;
            bool overdue = now - _frameStart >= (long)_autoFlushMaxInterval.TotalMilliseconds;
            _autoFlushSeenVersion = version;
            if (quiet || overdue)
            {
                Flush();
            }
        }
    });

    private void StartRefreshTimer()
    {
        if (_refreshTimer is null && !_session.Ending.IsCancellationRequested)
        {
            var period = TimeSpan.FromMilliseconds(Math.Max(10, LossyRefreshDelay.TotalMilliseconds / 4));
            _refreshTimer = _session.Time.CreateTimer(static s => ((SessionDisplay)s!).Guard(() => ((SessionDisplay)s!).RefreshLossy()), this, period, period);
        }
    }

    private void StopTimers()
    {
        lock (Sync)
        {
            _autoFlushTimer?.Dispose();
            _autoFlushTimer = null;
            _refreshTimer?.Dispose();
            _refreshTimer = null;
        }
    }

    /// <summary>Runs display work outside a back end's call: a failure ends the session like a back-end failure.</summary>
    private void Guard(Action action)
    {
        try
        {
            action();
        }
        catch (Exception ex)
        {
            _session.Fail(ex);
        }
    }

    private UserFlow FlowOf(SessionUser user)
    {
        if (!_flows.TryGetValue(user, out var flow))
        {
            flow = new UserFlow();
            _flows.Add(user, flow);
        }

        return flow;
    }

    private void ForgetDepartedUsers()
    {
        if (_flows.Count <= _session.Users.Length)
        {
            return;
        }

        var users = _session.Users;
        foreach (var user in _flows.Keys.ToArray())
        {
            if (!users.Contains(user))
            {
                if (_flows[user].Held)
                {
                    _heldUsers--;
                }

                _flows.Remove(user);
            }
        }
    }

    private void PrepareEncoding(bool lossless, IReadOnlyList<SessionUser> recipients)
    {
        _mimetypes = _session.Owner?.Client.ImageMimetypes is { } listed ? [.. listed] : [];
        _now = _session.Now;
        long lag = 0;
        foreach (var user in recipients)
        {
            lag = Math.Max(lag, user.CurrentLag(_now));
        }

        _lagMs = (int)Math.Clamp(lag, 0, int.MaxValue);
        _losslessOnly = lossless;
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

    /// <summary>Called by the writer for each image, in plan order, on the flushing thread.</summary>
    private IImageEncoder ChooseEncoder(PlanOperation op)
    {
        if (_losslessOnly || op.Layer == _planner.Sent.CursorBuffer)
        {
            _chosenLossy.Add(false);
            return Png;
        }

        if (op.IsPreEncoded && op.EncodedFormat == ImageFormat.Jpeg && !op.HasAlpha && !ForceLossless && ListsJpeg())
        {
            // Keep the layer's update rate counting this image, as for one we encode.
            _ = UpdateRate(op.Layer);
            _chosenLossy.Add(true);
            return new PreEncodedJpeg(op.Encoded);
        }

        int stride = op.Rect.Width * Surface.BytesPerPixel;

        // An image that came only as the back end's JPEG is taken for what its server judged it: photographic.
        var content = op.Pixels is { } pixels
            ? ContentClassifier.Analyse(pixels, op.Rect.Width, op.Rect.Height, stride)
            : new ContentScore(0, op.Rect.Width * op.Rect.Height, ContentClassifier.ColourCap);
        var region = new EncoderRegion(op.Rect.Width, op.Rect.Height, !op.HasAlpha, UpdateRate(op.Layer), content);
        var choice = EncoderPolicy.Choose(_mimetypes, region, _lagMs, ForceLossless);
        IImageEncoder encoder = choice.Format switch
        {
            ImageFormat.Jpeg => Jpeg,
            ImageFormat.WebP => WebP,
            _ => Png,
        };
        _chosenLossy.Add(choice.Format == ImageFormat.Jpeg || (choice.Format == ImageFormat.WebP && !choice.Options.Lossless));
        return new ChosenEncoder(encoder, choice.Options);
    }

    /// <summary>
    /// A coarse per-layer update rate: the larger of the distinct frames that sent images to the layer in the
    /// last second and the rate implied by the gap since the previous such frame (up to
    /// <see cref="RateWindowMs"/> ago). The gap keeps a layer that a loaded machine can only refresh once a
    /// second counting as moving, so it stays lossy and cheap instead of turning lossless and slower still.
    /// </summary>
    private double UpdateRate(int layer)
    {
        if (!_imageTimes.TryGetValue(layer, out var times))
        {
            times = new Queue<long>();
            _imageTimes[layer] = times;
        }

        while (times.Count > 0 && _now - times.Peek() >= RateWindowMs)
        {
            times.Dequeue();
        }

        long previous = long.MinValue;
        var distinct = 0;
        long last = long.MinValue;
        foreach (long t in times)
        {
            if (t != last)
            {
                if (t != _now)
                {
                    previous = t;
                }

                if (_now - t < 1000)
                {
                    distinct++;
                }

                last = t;
            }
        }

        if (last != _now)
        {
            if (times.Count >= 64)
            {
                times.Dequeue();
            }

            times.Enqueue(_now);
            distinct++;
        }

        double fromGap = previous == long.MinValue ? 0 : 1000.0 / Math.Max(1, _now - previous);
        return distinct < 2 ? fromGap : Math.Max(distinct, fromGap);
    }

    private bool ListsJpeg()
    {
        foreach (string mimetype in _mimetypes)
        {
            if (string.Equals(mimetype, "image/jpeg", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private int AllocateStream() =>
        _session.BroadcastStreams.TryAllocate(out int index)
            ? index
            : throw new InvalidOperationException("no free stream index for an image");

    /// <summary>One user's place in the flow: held back or not, and what it missed meanwhile.</summary>
    private sealed class UserFlow
    {
        public bool Held { get; set; }

        public CoalescedUpdate Missed { get; } = new();
    }

    /// <summary>"Encodes" an image by copying the back end's own (sanitised) JPEG of its pixels. Thread-safe.</summary>
    private sealed class PreEncodedJpeg(ReadOnlyMemory<byte> jpeg) : IImageEncoder
    {
        public ImageFormat Format => ImageFormat.Jpeg;

        public string Mimetype => "image/jpeg";

        public bool IsCopy => true;

        public void Encode(ReadOnlySpan<byte> bgra, int width, int height, int stride, EncodeOptions options, IBufferWriter<byte> output)
        {
            var bytes = jpeg.Span;
            bytes.CopyTo(output.GetSpan(bytes.Length));
            output.Advance(bytes.Length);
        }
    }

    /// <summary>Applies the policy's options (quality, lossless) to the chosen encoder.</summary>
    private sealed class ChosenEncoder(IImageEncoder inner, EncodeOptions options) : IImageEncoder
    {
        public ImageFormat Format => inner.Format;

        public string Mimetype => inner.Mimetype;

        public bool IsCopy => inner.IsCopy;

        public void Encode(ReadOnlySpan<byte> bgra, int width, int height, int stride, EncodeOptions requested, IBufferWriter<byte> output) =>
            inner.Encode(bgra, width, height, stride, options with { HasAlpha = requested.HasAlpha || options.HasAlpha }, output);
    }
}
