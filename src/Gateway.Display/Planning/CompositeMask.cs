namespace Gateway.Display.Planning;

/// <summary>The Guacamole channel masks the planner emits (GUACAMOLE.md §1.7).</summary>
public static class CompositeMask
{
    /// <summary>Destination out: an opaque source clears the destination to transparent.</summary>
    public const int Rout = 0x2;

    /// <summary>Source replaces destination (buggy on WebKit, so the planner avoids it).</summary>
    public const int Src = 0xC;

    /// <summary>Normal source-over-destination.</summary>
    public const int Over = 0xE;
}
