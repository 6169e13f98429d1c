using Gateway.Core.Parameters;

namespace Gateway.Core.Tests.Parameters;

/// <summary>An enum parameter with wire spellings, like RDP's resize-method.</summary>
public enum SampleResizeMethod
{
    [ParameterValue("")]
    None,

    [ParameterValue("display-update")]
    DisplayUpdate,

    Reconnect,
}
