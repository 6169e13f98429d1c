namespace Gateway.Core.Streams;

/// <summary>Receives the data of one accepted inbound stream.</summary>
public interface IInboundStreamHandler
{
    /// <summary>One decoded blob (at most 6144 bytes). Throw <see cref="Backends.BackendException"/> to abort the stream.</summary>
    ValueTask OnBlobAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken);

    /// <summary>The stream ended normally.</summary>
    ValueTask OnEndAsync(CancellationToken cancellationToken);

    /// <summary>The stream was abandoned (user left, session ended, or an error).</summary>
    void OnAborted();
}
