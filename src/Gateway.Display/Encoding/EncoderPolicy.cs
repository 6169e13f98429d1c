namespace Gateway.Display.Encoding;

/// <summary>
/// Picks the image format and quality for one region. A pure function of its inputs, modelled on guacd's
/// display worker with the choices our measurements support (docs/PERFORMANCE.md, "Display encoders"):
/// <list type="number">
/// <item><description>
/// A region is <b>photographic</b> when <see cref="ContentScore.IsPhotographic"/> holds (more horizontally
/// adjacent pixels differ than match, and more than 256 colours), and <b>animated</b> when it changes at
/// least <see cref="MinLossyRate"/> times per second. Only animated photographic regions are ever sent lossy:
/// a still photo is sent once, so it is worth sending exactly.
/// </description></item>
/// <item><description>
/// <b>JPEG</b> when lossy is allowed (not force-lossless), the client lists <c>image/jpeg</c>, the region is
/// opaque, larger than <see cref="MinLossyArea"/> pixels, animated and photographic.
/// </description></item>
/// <item><description>
/// <b>WebP</b>, lossy, only for animated photographic regions that JPEG cannot carry because they are
/// translucent (larger than <see cref="MinLossyArea"/>, lossy allowed, client lists <c>image/webp</c>). Measured
/// here on a 1080p desktop frame, lossy WebP costs 5–9× the CPU time of JPEG for a third fewer bytes, and
/// lossless WebP (effort 0) costs 4–10× the time of our PNG for slightly more bytes, so neither wins where
/// JPEG or PNG can be used.
/// </description></item>
/// <item><description>
/// <b>PNG</b> otherwise: text, UI, flat fills, small or still regions. The PNG encoder itself switches to a
/// palette when there are at most 256 colours.
/// </description></item>
/// <item><description>
/// Lossy <b>quality</b> is <see cref="MaxQuality"/> while the worst client lag is at most
/// <see cref="LagForMaxQuality"/> ms, <see cref="MinQuality"/> from <see cref="LagForMinQuality"/> ms on, and
/// falls linearly in between (90 at 20 ms, 60 at 50 ms, 30 at 80 ms).
/// </description></item>
/// </list>
/// </summary>
public static class EncoderPolicy
{
    /// <summary>Updates per second from which a region counts as animated.</summary>
    public const double MinLossyRate = 3;

    /// <summary>Regions of this many pixels or fewer are never sent lossy.</summary>
    public const int MinLossyArea = 4096;

    /// <summary>Lossy quality at low lag.</summary>
    public const int MaxQuality = 90;

    /// <summary>Lossy quality at high lag.</summary>
    public const int MinQuality = 30;

    /// <summary>Client lag (ms) up to which quality stays at <see cref="MaxQuality"/>.</summary>
    public const int LagForMaxQuality = 20;

    /// <summary>Client lag (ms) from which quality stays at <see cref="MinQuality"/>.</summary>
    public const int LagForMinQuality = 80;

    /// <summary>Chooses the format and options for one region (rules in the type's remarks).</summary>
    /// <param name="clientMimetypes">The image mimetypes the client announced in its handshake.</param>
    /// <param name="region">The region's size, opacity, update rate and content score.</param>
    /// <param name="worstLagMs">The largest processing lag among the connection's clients, in milliseconds.</param>
    /// <param name="forceLossless">The connection's force-lossless setting: no lossy output at all.</param>
    public static EncoderChoice Choose(IReadOnlyCollection<string> clientMimetypes, EncoderRegion region, int worstLagMs, bool forceLossless)
    {
        ArgumentNullException.ThrowIfNull(clientMimetypes);
        bool hasAlpha = !region.Opaque;
        var lossless = new EncodeOptions(Quality: MaxQuality, Lossless: true, HasAlpha: hasAlpha);
        bool animatedPhoto = region.UpdateRate >= MinLossyRate && region.Content.IsPhotographic;
        if (!animatedPhoto)
        {
            return new EncoderChoice(ImageFormat.Png, lossless);
        }

        bool largeEnough = (long)region.Width * region.Height > MinLossyArea;
        if (!forceLossless && region.Opaque && largeEnough && Lists(clientMimetypes, "image/jpeg"))
        {
            return new EncoderChoice(ImageFormat.Jpeg, new EncodeOptions(QualityForLag(worstLagMs), Lossless: false, HasAlpha: false));
        }

        if (!forceLossless && !region.Opaque && largeEnough && Lists(clientMimetypes, "image/webp"))
        {
            return new EncoderChoice(ImageFormat.WebP, new EncodeOptions(QualityForLag(worstLagMs), Lossless: false, HasAlpha: true));
        }

        return new EncoderChoice(ImageFormat.Png, lossless);
    }

    /// <summary>Lossy quality for a client lag: 90 up to 20 ms, 30 from 80 ms, linear in between.</summary>
    public static int QualityForLag(int worstLagMs)
    {
        int lag = Math.Clamp(worstLagMs, LagForMaxQuality, LagForMinQuality);
        return MaxQuality - ((lag - LagForMaxQuality) * (MaxQuality - MinQuality) / (LagForMinQuality - LagForMaxQuality));
    }

    private static bool Lists(IReadOnlyCollection<string> mimetypes, string mimetype)
    {
        foreach (string m in mimetypes)
        {
            if (string.Equals(m, mimetype, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
