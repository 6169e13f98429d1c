using System.Globalization;
using Gateway.Core.Streams;

namespace Gateway.Core.Tests.Support;

/// <summary>Accepts an inbound stream for the probe and records each blob, the end, or the abort.</summary>
public sealed class RecordingStreamHandler : IInboundStreamHandler
{
    private readonly ProbeSession _session;
    private readonly string _userId;
    private readonly int _index;
    private readonly ProbeBackend _backend;
    private int _blobs;

    public RecordingStreamHandler(ProbeSession session, string userId, int index, ProbeBackend backend)
    {
        _session = session;
        _userId = userId;
        _index = index;
        _backend = backend;
    }

    public ValueTask OnBlobAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        _blobs++;
        _session.Record("blob", _userId, _index.ToString(CultureInfo.InvariantCulture), data.ToArray());
        if (_blobs == _backend.FailOnBlob && _backend.BlobFailure is { } failure)
        {
            throw failure;
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask OnEndAsync(CancellationToken cancellationToken)
    {
        _session.Record("end", _userId, _index.ToString(CultureInfo.InvariantCulture));
        return ValueTask.CompletedTask;
    }

    public void OnAborted() => _session.Record("aborted", _userId, _index.ToString(CultureInfo.InvariantCulture));
}
