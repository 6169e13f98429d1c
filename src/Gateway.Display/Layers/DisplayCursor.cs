using Gateway.Display.Surfaces;

namespace Gateway.Display.Layers;

/// <summary>The pointer image and its hotspot.</summary>
public sealed class DisplayCursor
{
    internal DisplayCursor(Surface image, int hotspotX, int hotspotY)
    {
        Image = image;
        HotspotX = hotspotX;
        HotspotY = hotspotY;
    }

    public Surface Image { get; }

    public int HotspotX { get; }

    public int HotspotY { get; }
}
