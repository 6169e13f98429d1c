import { GuacamoleError } from '../protocol/errors';
import { GuacamoleStatus } from '../protocol/status';
import { maxBlobBytes } from '../streams/streams';
import { formatBytes, h } from './dom';

/** The part of an output stream an upload needs (the library's OutputStream fits). */
export interface UploadStream {
    on(name: 'ack', listener: (status: number, message: string) => void): () => void;
    sendBytes(data: Uint8Array): void;
    sendEnd(): void;
}

/** A file to upload: a Blob with a name (a DOM File fits). */
export interface UploadSource {
    readonly name: string;
    readonly type: string;
    readonly size: number;
    slice(start: number, end: number): { arrayBuffer(): Promise<ArrayBuffer> };
}

export interface UploadOptions {
    /** Bytes per blob (default the protocol's 6048). */
    readonly chunkBytes?: number;
    /** Blobs sent before waiting for their acks (default 8): keeps the pipe full without flooding it. */
    readonly window?: number;
    /** Aborts the upload (the session ended, or the user cancelled). */
    readonly signal?: AbortSignal;
}

/**
 * Uploads `file` over a Guacamole `file` stream opened by `open(mimetype, name)`: waits for the server's ack of the
 * stream, then sends the data as blobs, at most `window` unacknowledged at a time, reporting acknowledged bytes to
 * `progress`, and ends the stream after the last ack. A non-zero ack fails the upload with its status.
 */
export async function uploadFile(
    open: (mimetype: string, name: string) => UploadStream,
    file: UploadSource,
    progress: (acknowledged: number, total: number) => void,
    options: UploadOptions = {},
): Promise<void> {
    const chunkBytes = Math.max(1, Math.min(options.chunkBytes ?? maxBlobBytes, maxBlobBytes));
    const window = Math.max(1, options.window ?? 8);
    const signal = options.signal;
    const acks: { status: number; message: string }[] = [];
    let wake: (() => void) | null = null;
    const stream = open(file.type === '' ? 'application/octet-stream' : file.type, file.name);
    const off = stream.on('ack', (status, message) => {
        acks.push({ status, message });
        wake?.();
    });
    const onAbort = (): void => wake?.();
    signal?.addEventListener('abort', onAbort);

    const nextAck = async (): Promise<void> => {
        while (acks.length === 0) {
            if (signal?.aborted === true) {
                throw new GuacamoleError(GuacamoleStatus.RESOURCE_CLOSED, 'upload cancelled');
            }

            await new Promise<void>((resolve) => {
                wake = resolve;
            });
            wake = null;
        }

        const ack = acks.shift() as { status: number; message: string };
        if (ack.status !== GuacamoleStatus.SUCCESS) {
            throw new GuacamoleError(ack.status, ack.message === '' ? 'upload refused' : ack.message);
        }
    };

    try {
        progress(0, file.size);
        await nextAck(); // the stream itself was accepted
        const inFlight: number[] = [];
        let offset = 0;
        let acknowledged = 0;
        while (offset < file.size || inFlight.length > 0) {
            while (offset < file.size && inFlight.length < window) {
                if (signal?.aborted === true) {
                    throw new GuacamoleError(GuacamoleStatus.RESOURCE_CLOSED, 'upload cancelled');
                }

                const end = Math.min(file.size, offset + chunkBytes);
                const chunk = new Uint8Array(await file.slice(offset, end).arrayBuffer());
                if (chunk.length === 0) {
                    throw new GuacamoleError(GuacamoleStatus.CLIENT_BAD_REQUEST, 'file could not be read');
                }

                stream.sendBytes(chunk);
                inFlight.push(chunk.length);
                offset += chunk.length;
            }

            await nextAck();
            acknowledged += inFlight.shift() ?? 0;
            progress(acknowledged, file.size);
        }

        stream.sendEnd();
    } finally {
        off();
        signal?.removeEventListener('abort', onAbort);
    }
}

/** One row of the transfer list. */
export interface TransferItem {
    /** Shows progress; `total` null means unknown (the bar is indeterminate). */
    update(done: number, total: number | null): void;
    finish(message: string): void;
    fail(message: string): void;
}

/** The list of uploads and downloads with a progress bar each; finished rows disappear after a while. */
export class TransferList {
    readonly element: HTMLUListElement;

    constructor(private readonly keepMs = 6000) {
        this.element = h('ul', { class: 'gw-transfers', 'aria-label': 'File transfers' });
    }

    add(direction: 'upload' | 'download', name: string): TransferItem {
        const label = h('span', { class: 'gw-transfer-name' }, `${direction === 'upload' ? 'Uploading' : 'Downloading'} ${name}`);
        const detail = h('span', { class: 'gw-transfer-detail', 'aria-live': 'polite' }, '');
        const bar = h('progress', { max: '100', 'aria-label': `${direction === 'upload' ? 'Upload' : 'Download'} progress of ${name}` });
        const row = h('li', { class: 'gw-transfer', 'data-state': 'running', 'data-direction': direction },
            h('div', { class: 'gw-transfer-head' }, label, detail), bar);
        this.element.append(row);
        const remove = (): void => {
            setTimeout(() => row.remove(), this.keepMs);
        };
        return {
            update: (done, total) => {
                if (total === null || total <= 0) {
                    bar.removeAttribute('value');
                    detail.textContent = formatBytes(done);
                } else {
                    const percent = Math.min(100, Math.floor((done / total) * 100));
                    bar.value = percent;
                    detail.textContent = `${percent}%`;
                }
            },
            finish: (message) => {
                row.dataset.state = 'done';
                bar.value = 100;
                detail.textContent = message;
                remove();
            },
            fail: (message) => {
                row.dataset.state = 'error';
                detail.textContent = message;
                remove();
            },
        };
    }
}
