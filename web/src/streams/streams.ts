import { EventEmitter } from '../events';
import { GuacamoleStatus } from '../protocol/status';
import { decodeBase64, encodeBase64 } from './base64';

/** Largest number of raw bytes per `blob` (guacd's limit, about 8064 base64 characters). */
export const maxBlobBytes = 6048;

export type InputStreamEvents = {
    /** One decoded `blob`. */
    blob: [data: Uint8Array];
    /** The server ended the stream. */
    end: [];
};

/** How an input stream reports acknowledgements back to the server. */
export type AckSender = (index: number, message: string, status: number) => void;

/** A stream the server sends to us (clipboard, file, pipe, argv, audio, image, object body). */
export class InputStream extends EventEmitter<InputStreamEvents> {
    readonly index: number;
    private readonly sendAck: AckSender;
    private ended = false;

    constructor(index: number, sendAck: AckSender) {
        super();
        this.index = index;
        this.sendAck = sendAck;
    }

    get isEnded(): boolean {
        return this.ended;
    }

    /** Acknowledges data (status 0) or refuses the stream (a non-zero status ends it at the server). */
    ack(message = 'OK', status: number = GuacamoleStatus.SUCCESS): void {
        if (!this.ended) {
            this.sendAck(this.index, message, status);
        }
    }

    /** Delivers a `blob` (called by the client). */
    receiveBlob(base64: string): void {
        if (this.ended) {
            return;
        }

        let bytes: Uint8Array;
        try {
            bytes = decodeBase64(base64);
        } catch {
            this.ack('invalid base64', GuacamoleStatus.CLIENT_BAD_REQUEST);
            this.receiveEnd();
            return;
        }

        this.emit('blob', bytes);
    }

    /** Delivers `end` (called by the client). */
    receiveEnd(): void {
        if (!this.ended) {
            this.ended = true;
            this.emit('end');
        }
    }
}

export type OutputStreamEvents = {
    /** The server acknowledged (status 0) or refused (non-zero; the stream is then closed) data. */
    ack: [status: number, message: string];
};

/** What an output stream needs from the client. */
export interface OutputStreamSink {
    sendBlob(index: number, base64: string): void;
    sendEnd(index: number): void;
}

/** A stream we send to the server (clipboard, file upload, pipe, argv, microphone audio, object put). */
export class OutputStream extends EventEmitter<OutputStreamEvents> {
    readonly index: number;
    private readonly sink: OutputStreamSink;
    private closed = false;

    constructor(index: number, sink: OutputStreamSink) {
        super();
        this.index = index;
        this.sink = sink;
    }

    get isClosed(): boolean {
        return this.closed;
    }

    /** Sends bytes, split into blobs of at most {@link maxBlobBytes}. */
    sendBytes(data: Uint8Array): void {
        for (let offset = 0; offset < data.length && !this.closed; offset += maxBlobBytes) {
            this.sink.sendBlob(this.index, encodeBase64(data.subarray(offset, offset + maxBlobBytes)));
        }
    }

    /** Sends text as UTF-8. */
    sendText(text: string): void {
        this.sendBytes(new TextEncoder().encode(text));
    }

    /** Ends the stream. */
    sendEnd(): void {
        if (!this.closed) {
            this.closed = true;
            this.sink.sendEnd(this.index);
        }
    }

    /** Delivers an `ack` (called by the client); returns true when the ack closed the stream. */
    receiveAck(message: string, status: number): boolean {
        this.emit('ack', status, message);
        if (status !== GuacamoleStatus.SUCCESS) {
            this.closed = true;
            return true;
        }

        return false;
    }
}

/** Options for collecting a whole stream. */
export interface CollectOptions {
    /** Refuse the stream (CLIENT_OVERRUN) once it grows past this many bytes. */
    readonly maxBytes?: number;
    /** Acknowledge every blob (flow control; guacd's downloads wait for it). Default true. */
    readonly ack?: boolean;
}

const defaultMaxBytes = 64 * 1024 * 1024;

/** Collects a stream's bytes until `end`; acks each blob. Rejects when the stream exceeds `maxBytes`. */
export function collectBytes(stream: InputStream, options: CollectOptions = {}): Promise<Uint8Array[]> {
    const maxBytes = options.maxBytes ?? defaultMaxBytes;
    const ack = options.ack ?? true;
    return new Promise((resolve, reject) => {
        const chunks: Uint8Array[] = [];
        let total = 0;
        let failed = false;
        stream.on('blob', (data) => {
            if (failed) {
                return;
            }

            total += data.length;
            if (total > maxBytes) {
                failed = true;
                stream.ack('stream too large', GuacamoleStatus.CLIENT_OVERRUN);
                reject(new RangeError('stream too large'));
                return;
            }

            chunks.push(data);
            if (ack) {
                stream.ack();
            }
        });
        stream.on('end', () => {
            if (!failed) {
                resolve(chunks);
            }
        });
    });
}

/** Collects a stream into a Blob of `mimetype` (file downloads, images). */
export async function readBlob(stream: InputStream, mimetype: string, options: CollectOptions = {}): Promise<Blob> {
    const chunks = await collectBytes(stream, options);
    return new Blob(chunks as BlobPart[], { type: mimetype });
}

/** Collects a stream as UTF-8 text (clipboard, argv values). */
export async function readText(stream: InputStream, options: CollectOptions = {}): Promise<string> {
    const chunks = await collectBytes(stream, { maxBytes: 16 * 1024 * 1024, ...options });
    const decoder = new TextDecoder('utf-8');
    let text = '';
    for (const chunk of chunks) {
        text += decoder.decode(chunk, { stream: true });
    }

    return text + decoder.decode();
}
