import { describe, expect, it } from 'vitest';
import {
    decodeBase64, encodeBase64, InputStream, maxBlobBytes, OutputStream, parsePcmMimetype, pcmToChannels, readBlob, readText,
} from '../src/index';

describe('streams', () => {
    it('round-trips base64', () => {
        // more than one 0x8000-byte encoding step; compared with a loop (deep equality of big arrays is slow)
        const bytes = Uint8Array.from({ length: 40000 }, (_, i) => (i * 7) & 0xff);
        const decoded = decodeBase64(encodeBase64(bytes));
        expect(decoded.length).toBe(bytes.length);
        expect(decoded.every((b, i) => b === bytes[i])).toBe(true);
        expect(encodeBase64(Uint8Array.of(0xfb, 0xff))).toBe('+/8=');
    });

    it('splits output into blobs of at most 6048 bytes', () => {
        const blobs: string[] = [];
        const ends: number[] = [];
        const stream = new OutputStream(4, { sendBlob: (_, b) => blobs.push(b), sendEnd: (i) => ends.push(i) });
        stream.sendBytes(new Uint8Array(maxBlobBytes * 2 + 1));
        stream.sendEnd();
        stream.sendEnd();
        expect(blobs.map((b) => decodeBase64(b).length)).toEqual([6048, 6048, 1]);
        expect(ends).toEqual([4]);
    });

    it('reads text split inside a multi-byte character and collects a file as a Blob', async () => {
        const acks: string[] = [];
        const stream = new InputStream(1, (i, m, s) => acks.push(`${i}:${m}:${s}`));
        const text = readText(stream);
        const bytes = new TextEncoder().encode('a\u{1F600}b');
        stream.receiveBlob(encodeBase64(bytes.subarray(0, 3)));
        stream.receiveBlob(encodeBase64(bytes.subarray(3)));
        stream.receiveEnd();
        expect(await text).toBe('a\u{1F600}b');
        expect(acks).toEqual(['1:OK:0', '1:OK:0']);

        const file = new InputStream(2, () => undefined);
        const blob = readBlob(file, 'application/octet-stream');
        file.receiveBlob(encodeBase64(Uint8Array.of(1, 2, 3)));
        file.receiveEnd();
        expect(new Uint8Array(await (await blob).arrayBuffer())).toEqual(Uint8Array.of(1, 2, 3));
    });

    it('refuses a stream that grows past its limit', async () => {
        const acks: number[] = [];
        const stream = new InputStream(1, (_, __, s) => acks.push(s));
        const text = readText(stream, { maxBytes: 4 });
        stream.receiveBlob(encodeBase64(new Uint8Array(5)));
        await expect(text).rejects.toThrow('stream too large');
        expect(acks).toEqual([0x30d]);
    });
});

describe('raw PCM audio', () => {
    it('parses L8/L16 mimetypes', () => {
        expect(parsePcmMimetype('audio/L16;rate=44100,channels=2')).toEqual({ bytesPerSample: 2, rate: 44100, channels: 2 });
        expect(parsePcmMimetype('audio/L8;rate=8000')).toEqual({ bytesPerSample: 1, rate: 8000, channels: 1 });
        expect(parsePcmMimetype('audio/ogg')).toBeNull();
        expect(parsePcmMimetype('audio/L16;rate=99999999,channels=2')).toBeNull();
        expect(parsePcmMimetype('audio/L16;rate=44100,channels=0')).toBeNull();
    });

    it('converts interleaved little-endian 16-bit samples and keeps a partial frame', () => {
        const format = { bytesPerSample: 2, rate: 44100, channels: 2 } as const;
        const data = Uint8Array.of(0x00, 0x40, 0x00, 0xc0, 0xff, 0x7f, 0x00, 0x80, 0x01);
        const { channels, rest } = pcmToChannels(data, format);
        expect(Array.from(channels[0] as Float32Array)).toEqual([0.5, 32767 / 32768]);
        expect(Array.from(channels[1] as Float32Array)).toEqual([-0.5, -1]);
        expect(rest).toEqual(Uint8Array.of(0x01));
    });
});
