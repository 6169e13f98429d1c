namespace Gateway.Vnc.Handshake;

/// <summary>Fills <paramref name="destination"/> with cryptographically random bytes (injected so tests are reproducible).</summary>
public delegate void RandomFill(Span<byte> destination);
