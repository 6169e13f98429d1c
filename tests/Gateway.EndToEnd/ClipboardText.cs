namespace Gateway.EndToEnd;

/// <summary>A clipboard stream the client received, read to the end with Guacamole.StringReader.</summary>
public sealed record ClipboardText(string Mimetype, string Text);
