namespace Gateway.Core.Tests.Support;

/// <summary>One call the session made into a <see cref="ProbeSession"/>: what, from which user, with what.</summary>
public sealed record ProbeEvent(string Kind, string UserId, string Detail, byte[]? Data = null);
