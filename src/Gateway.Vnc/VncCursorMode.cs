using Gateway.Core.Parameters;

namespace Gateway.Vnc;

/// <summary>The <c>cursor</c> parameter: who draws the pointer.</summary>
public enum VncCursorMode
{
    /// <summary>The browser draws it (the server sends its image through the Cursor pseudo-encoding).</summary>
    [ParameterValue("local")]
    Local,

    /// <summary>The server draws it into the framebuffer.</summary>
    [ParameterValue("remote")]
    Remote,
}
