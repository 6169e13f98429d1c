namespace Gateway.Display.Layers;

/// <summary>What a <see cref="DisplayChange"/> records.</summary>
public enum DisplayChangeKind
{
    /// <summary>A layer was created or resized (<c>size</c>).</summary>
    Sized,

    /// <summary>A visible layer was moved, re-parented or restacked (<c>move</c>).</summary>
    Moved,

    /// <summary>A visible layer's opacity changed (<c>shade</c>).</summary>
    Shaded,

    /// <summary>A layer or buffer was deleted (<c>dispose</c>).</summary>
    Disposed,

    /// <summary>The back end copied a rectangle (<c>copy</c>).</summary>
    Copied,
}
