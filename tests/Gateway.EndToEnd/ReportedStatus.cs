namespace Gateway.EndToEnd;

/// <summary>A Guacamole.Status handed to an onerror handler.</summary>
public sealed record ReportedStatus(int Code, string? Message);
