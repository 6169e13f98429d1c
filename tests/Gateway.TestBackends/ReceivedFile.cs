namespace Gateway.TestBackends;

/// <summary>A file a client uploaded to the test-pattern back end.</summary>
/// <param name="Name">The file name the client sent.</param>
/// <param name="Mimetype">The declared mimetype.</param>
/// <param name="Data">The bytes received.</param>
public sealed record ReceivedFile(string Name, string Mimetype, byte[] Data);
