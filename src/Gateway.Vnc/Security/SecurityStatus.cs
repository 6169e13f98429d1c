namespace Gateway.Vnc.Security;

/// <summary>How far one call into a security handler got.</summary>
internal enum SecurityStatus
{
    /// <summary>Waiting for bytes from the server.</summary>
    NeedMoreData,

    /// <summary>The handler changed the byte layering (TLS done, RA2 channel on or off): call it again.</summary>
    Continue,

    /// <summary>The driver must act: see <see cref="SecurityProgress.Step"/>.</summary>
    Step,

    /// <summary>The exchange is over; SecurityResult (if the version expects one) comes next.</summary>
    Done,
}
