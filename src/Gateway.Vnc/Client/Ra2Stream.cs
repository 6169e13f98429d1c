using System.Buffers;
using Gateway.Vnc.Security;

namespace Gateway.Vnc.Client;

/// <summary>
/// Carries the session over an RA2 <see cref="RsaAesChannel"/>: reads decrypt whole records from the inner stream,
/// writes encrypt. Reads happen on one task; writes are serialised by the driver.
/// </summary>
internal sealed class Ra2Stream(Stream inner, RsaAesChannel channel, ReadOnlyMemory<byte> initialPlaintext) : Stream
{
    private readonly ArrayBufferWriter<byte> _plain = new();
    private readonly ArrayBufferWriter<byte> _encrypted = new();
    private byte[] _cipher = new byte[64 * 1024];
    private int _cipherLength;
    private ReadOnlyMemory<byte> _ready = initialPlaintext;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (_ready.IsEmpty)
        {
            if (_cipherLength == _cipher.Length)
            {
                // One record is at most 2 + 65535 + 16 bytes; grow once to hold it.
                Array.Resize(ref _cipher, 2 + RsaAesChannel.MaxMessageLength + RsaAesChannel.TagLength);
            }

            int read = await inner.ReadAsync(_cipher.AsMemory(_cipherLength), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return 0;
            }

            _cipherLength += read;
            var input = new ReadOnlySequence<byte>(_cipher, 0, _cipherLength);
            _plain.ResetWrittenCount();
            channel.Decrypt(ref input, _plain);
            int left = (int)input.Length;
            Array.Copy(_cipher, _cipherLength - left, _cipher, 0, left);
            _cipherLength = left;
            _ready = _plain.WrittenMemory.ToArray();
        }

        int n = Math.Min(buffer.Length, _ready.Length);
        _ready[..n].CopyTo(buffer);
        _ready = _ready[n..];
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        _encrypted.ResetWrittenCount();
        channel.Encrypt(buffer.Span, _encrypted);
        await inner.WriteAsync(_encrypted.WrittenMemory, cancellationToken).ConfigureAwait(false);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override void Flush() => inner.Flush();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
