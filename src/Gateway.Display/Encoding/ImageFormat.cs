namespace Gateway.Display.Encoding;

/// <summary>The image types guacd (and we) send in <c>img</c> streams.</summary>
public enum ImageFormat
{
    Png,
    Jpeg,
    WebP,
}
