namespace Gateway.Display.Planning;

/// <summary>The kind of one <see cref="PlanOperation"/>, and so the instructions it becomes.</summary>
public enum PlanOperationKind
{
    /// <summary><c>size,layer,w,h</c> (creates the layer if new).</summary>
    Size,

    /// <summary><c>move,layer,parent,x,y,z</c>.</summary>
    Move,

    /// <summary><c>shade,layer,opacity</c>.</summary>
    Shade,

    /// <summary><c>dispose,layer</c>.</summary>
    Dispose,

    /// <summary><c>copy,srclayer,srcx,srcy,w,h,mask,dstlayer,dstx,dsty</c>.</summary>
    Copy,

    /// <summary><c>rect,layer,x,y,w,h</c> then <c>cfill,mask,layer,r,g,b,a</c>.</summary>
    Fill,

    /// <summary><c>img,stream,mask,layer,mimetype,x,y</c>, <c>blob</c>s, <c>end</c>.</summary>
    Image,

    /// <summary><c>cursor,hotspot_x,hotspot_y,srclayer,0,0,w,h</c>.</summary>
    Cursor,
}
