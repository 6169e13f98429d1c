namespace Gateway.Server.Configuration;

/// <summary>Top-level settings (section <c>Gateway</c>).</summary>
public sealed class GatewayOptions
{
    public const string SectionName = "Gateway";

    /// <summary>Where generated state (the token key) is kept; relative paths are from the working directory.</summary>
    public string DataDirectory { get; set; } = "data";
}
