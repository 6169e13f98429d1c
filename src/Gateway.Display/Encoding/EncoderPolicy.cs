namespace Gateway.Display.Encoding;

/// <summary>
/// Picks the image format and quality for one region. A pure function of its inputs, modelled on guacd's
/// display worker but built to degrade gracefully under load (docs/PERFORMANCE.md, "Display encoders" and
/// "VNC end to end"):
/// <list type="number">
/// <item><description>
/// A region is <b>costly for PNG</b> when it has more colours than a palette holds (more than 256 in the
/// sample) and a <see cref="ContentScore.PngSuitability"/> below <see cref="MaxLossySuitability"/>: few runs of
/// equal pixels, so deflate gains little and the encoder works hard for large output. Photographic content
/// (<see cref="ContentScore.IsPhotographic"/>) always is; text, UI and flat fills are not (few colours, long
/// runs). A region is <b>moving</b> when its layer changes at least <see cref="MinLossyRate"/> times per second,
/// which the caller estimates from the gap to the previous change as well as from the count in the last second,
/// so that a display slowed down by load still counts as moving. Only moving regions that are costly for PNG
/// are ever sent lossy: a still picture is sent once, so it is worth sending exactly, and whatever was sent
/// lossy is re-sent losslessly by the caller once it is still. This avoids guacd's trap, where a slow frame
/// rate turns regions lossless, which makes frames slower still.
/// </description></item>
/// <item><description>
/// <b>JPEG</b> when lossy is allowed (not force-lossless), the client lists <c>image/jpeg</c>, the region is
/// opaque, larger than <see cref="MinLossyArea"/> pixels, moving and costly for PNG.
/// </description></item>
/// <item><description>
/// <b>WebP</b>, lossy, for the same regions when JPEG cannot carry them because they are translucent (client
/// lists <c>image/webp</c>). Measured here on a 1080p desktop frame, lossy WebP costs 5–9× the CPU time of JPEG
/// for a third fewer bytes, and lossless WebP (effort 0) costs 4–10× the time of our PNG for slightly more
/// bytes, so neither wins where JPEG or PNG can be used.
/// </description></item>
/// <item><description>
/// <b>PNG</b> otherwise: text, UI, flat fills, small or still regions. The PNG encoder itself switches to a
/// palette when there are at most 256 colours.
/// </description></item>
/// <item><description>
/// Under lag the quality goes down first, the frame rate last: lossy <b>quality</b> is <see cref="MaxQuality"/>
/// while the worst client lag is at most <see cref="LagForMaxQuality"/> ms, <see cref="MinQuality"/> from
/// <see cref="LagForMinQuality"/> ms on, and falls linearly in between (90 at 20 ms, 60 at 50 ms, 30 at 80 ms).
/// </description></item>
/// </list>
/// </summary>
public static class EncoderPolicy
{
    /// <summary>
    /// Updates per second from which a region counts as moving: changed again within two seconds. Deliberately
    /// low, so that a display slowed down by CPU pressure keeps its motion lossy (cheap) instead of turning it
    /// lossless (expensive) and slowing down further.
    /// </summary>
    public const double MinLossyRate = 0.5;

    /// <summary>Regions with a <see cref="ContentScore.PngSuitability"/> below this (and over 256 colours) are costly for PNG.</summary>
    public const double MaxLossySuitability = 0.5;

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
        bool movingAndCostly = region.UpdateRate >= MinLossyRate && IsCostlyForPng(region.Content);
        if (!movingAndCostly)
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

    /// <summary>
    /// True when lossless PNG would be the expensive choice for this content: more colours than a palette holds
    /// and a PNG suitability below <see cref="MaxLossySuitability"/>. Photographic content always is.
    /// </summary>
    public static bool IsCostlyForPng(ContentScore content) =>
        content.IsPhotographic || (content.Colours > 256 && content.PngSuitability < MaxLossySuitability);

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
