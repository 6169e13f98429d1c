using Gateway.Core.Parameters;

namespace Gateway.Core.Tests.Support;

/// <summary>The probe back end's only parameter.</summary>
public sealed class ProbeSettings
{
    [GuacamoleParameter("label", Default = "probe")]
    public string Label { get; set; } = "probe";
}
