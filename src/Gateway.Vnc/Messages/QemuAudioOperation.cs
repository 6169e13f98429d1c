namespace Gateway.Vnc.Messages;

/// <summary>Operations of the QEMU audio server message (community rfbproto "QEMU Audio Server Message").</summary>
public enum QemuAudioOperation
{
    /// <summary>The audio stream ended.</summary>
    End = 0,

    /// <summary>The audio stream began (in the format the client set).</summary>
    Begin = 1,

    /// <summary>A block of samples follows.</summary>
    Data = 2,
}
