namespace Gateway.Server.Web;

/// <summary>How the web client is served (section <c>Gateway:Web</c>).</summary>
public sealed class WebOptions
{
    public const string SectionName = "Gateway:Web";

    /// <summary>
    /// Directory holding the built web client (<c>index.html</c> and its assets). Empty: <c>wwwroot</c> next to the
    /// application when published, otherwise the repository's <c>web/dist</c> found above the content root.
    /// </summary>
    public string Root { get; set; } = string.Empty;

    /// <summary>
    /// The CSP <c>frame-ancestors</c> sources allowed to embed the UI in an iframe (space-separated, e.g.
    /// <c>https://portal.example.com</c>). Default <c>'self'</c>: no other site may frame it.
    /// </summary>
    public string FrameAncestors { get; set; } = "'self'";
}
