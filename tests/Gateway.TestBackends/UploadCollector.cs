using Gateway.Core.Backends;
using Gateway.Core.Streams;
using Gateway.Protocol;

namespace Gateway.TestBackends;

/// <summary>Collects one uploaded file (at most 16 MiB) and hands it on when the stream ends.</summary>
internal sealed class UploadCollector(string name, string mimetype, Action<ReceivedFile> completed) : IInboundStreamHandler
{
    private const int MaxBytes = 16 * 1024 * 1024;
    private readonly MemoryStream _data = new();

    public ValueTask OnBlobAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        if (_data.Length + data.Length > MaxBytes)
        {
            throw new BackendException(GuacamoleStatus.ClientOverrun, "upload too large for the test back end");
        }

        _data.Write(data.Span);
        return ValueTask.CompletedTask;
    }

    public ValueTask OnEndAsync(CancellationToken cancellationToken)
    {
        completed(new ReceivedFile(name, mimetype, _data.ToArray()));
        return ValueTask.CompletedTask;
    }

    public void OnAborted() => _data.SetLength(0);
}
