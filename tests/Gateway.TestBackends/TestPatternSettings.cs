using Gateway.Core.Parameters;

namespace Gateway.TestBackends;

/// <summary>Parameters of the test-pattern back end, declared once like a real back end's.</summary>
public sealed class TestPatternSettings
{
    [GuacamoleParameter("width", Default = "0", Min = 0, Max = 8192, Description = "display width; 0 takes the client's")]
    public int Width { get; set; }

    [GuacamoleParameter("height", Default = "0", Min = 0, Max = 8192, Description = "display height; 0 takes the client's")]
    public int Height { get; set; }

    [GuacamoleParameter("color", Default = "336699", Max = 6, Description = "background colour as RRGGBB")]
    public string Color { get; set; } = "336699";

    [GuacamoleParameter("password", Secret = true, Description = "when require-password is set, must be 'secret'")]
    public string? Password { get; set; }

    [GuacamoleParameter("require-password", Default = "false")]
    public bool RequirePassword { get; set; }

    [GuacamoleParameter("fail-after-ms", Default = "0", Min = 0, Max = 600000, Description = "crash (unexpected exception) after this long")]
    public int FailAfterMs { get; set; }

    [GuacamoleParameter("end-after-ms", Default = "0", Min = 0, Max = 600000, Description = "close normally after this long")]
    public int EndAfterMs { get; set; }

    [GuacamoleParameter("read-only", Default = "false")]
    public bool ReadOnly { get; set; }
}
