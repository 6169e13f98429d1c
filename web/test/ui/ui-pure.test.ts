import { describe, expect, it } from 'vitest';
import { GuacamoleStatus, type GuacamoleStatusName } from '../../src/protocol/status';
import { parseParentMessage, resolveParentOrigin } from '../../src/ui/embed-protocol';
import { Countdown, defaultReconnectPolicy, reconnectDelay, type Timers } from '../../src/ui/reconnect';
import { computeScale, requestedDpi, requestedSize, toRemotePoint } from '../../src/ui/scaling';
import { formatStatusCode, statusMessage, statusMessages } from '../../src/ui/status-messages';
import { uploadFile, type UploadStream } from '../../src/ui/transfers';
import { formatBytes, safeFileName } from '../../src/ui/dom';

describe('status messages', () => {
    it('has a message for every status the protocol defines, and nothing else', () => {
        const defined = Object.keys(GuacamoleStatus).sort();
        expect(Object.keys(statusMessages).sort()).toEqual(defined);
        for (const name of defined as GuacamoleStatusName[]) {
            const message = statusMessage(GuacamoleStatus[name]);
            expect(message).toBe(statusMessages[name]);
            expect(message.title.length).toBeGreaterThan(0);
            expect(message.detail.length).toBeGreaterThan(0);
        }
    });

    it('covers 0x0200 SERVER_ERROR to 0x031D CLIENT_TOO_MANY, with upstream errors retryable and client errors not', () => {
        expect(statusMessage(0x0200).retryable).toBe(true);
        for (const code of [0x0201, 0x0202, 0x0203, 0x0207, 0x0208]) {
            expect(statusMessage(code).retryable).toBe(true);
        }

        for (const code of [0x0204, 0x0209, 0x020a, 0x020b, 0x0300, 0x0301, 0x0303, 0x0308, 0x030d, 0x030f, 0x031d]) {
            expect(statusMessage(code).retryable).toBe(false);
        }

        expect(statusMessage(0x0301).title).toBe('Not signed in');
        expect(statusMessage(0x0207).title).toBe('Connection lost');
    });

    it('gives unknown codes a generic message by class', () => {
        expect(statusMessage(0x02ff).retryable).toBe(true);
        expect(statusMessage(0x02ff).detail).toContain('0x02FF');
        expect(statusMessage(0x0399).retryable).toBe(false);
        expect(formatStatusCode(0x20a)).toBe('0x020A');
    });
});

describe('reconnect policy', () => {
    it('waits the policy delays for retryable statuses, repeating the last, up to maxAttempts', () => {
        const policy = { delays: [2, 4, 8], maxAttempts: 5 };
        expect([1, 2, 3, 4, 5, 6].map((n) => reconnectDelay(GuacamoleStatus.UPSTREAM_NOT_FOUND, n, true, policy))).toEqual([2, 4, 8, 8, 8, null]);
    });

    it('never reconnects without a token provider or for final statuses', () => {
        expect(reconnectDelay(GuacamoleStatus.UPSTREAM_ERROR, 1, false)).toBeNull();
        expect(reconnectDelay(GuacamoleStatus.CLIENT_UNAUTHORIZED, 1, true)).toBeNull();
        expect(reconnectDelay(GuacamoleStatus.SUCCESS, 1, true)).toBeNull();
        expect(reconnectDelay(GuacamoleStatus.SESSION_CLOSED, 1, true)).toBeNull();
        expect(reconnectDelay(GuacamoleStatus.UPSTREAM_TIMEOUT, 1, true)).toBe(defaultReconnectPolicy.delays[0]);
    });

    it('counts down once per second and then fires', () => {
        const callbacks: (() => void)[] = [];
        const timers: Timers = { setInterval: (cb) => callbacks.push(cb), clearInterval: () => callbacks.splice(0) };
        const ticks: number[] = [];
        let done = 0;
        const countdown = new Countdown(3, (n) => ticks.push(n), () => done++, timers);
        countdown.start();
        expect(ticks).toEqual([3]);
        callbacks[0]?.();
        callbacks[0]?.();
        expect(done).toBe(0);
        callbacks[0]?.();
        expect(ticks).toEqual([3, 2, 1, 0]);
        expect(done).toBe(1);
        expect(countdown.running).toBe(false);
    });

    it('cancel stops a countdown without firing', () => {
        const callbacks: (() => void)[] = [];
        const timers: Timers = { setInterval: (cb) => callbacks.push(cb), clearInterval: () => callbacks.splice(0) };
        let done = 0;
        const countdown = new Countdown(2, () => undefined, () => done++, timers);
        countdown.start();
        countdown.cancel();
        expect(callbacks).toHaveLength(0);
        expect(done).toBe(0);
    });
});

describe('scaling', () => {
    it('fits the display into the view keeping the aspect ratio, up or down', () => {
        expect(computeScale('fit', { width: 1280, height: 720 }, { width: 640, height: 480 }, 1)).toBeCloseTo(0.5);
        expect(computeScale('fit', { width: 640, height: 480 }, { width: 1280, height: 1080 }, 1)).toBeCloseTo(2);
        expect(computeScale('fit', { width: 0, height: 0 }, { width: 100, height: 100 }, 1)).toBe(1);
    });

    it('maps one remote pixel to one device pixel in native mode', () => {
        expect(computeScale('native', { width: 1000, height: 1000 }, { width: 10, height: 10 }, 2)).toBe(0.5);
        expect(computeScale('native', { width: 1000, height: 1000 }, { width: 10, height: 10 }, 1)).toBe(1);
        expect(computeScale('native', { width: 1, height: 1 }, { width: 1, height: 1 }, Number.NaN)).toBe(1);
    });

    it('asks for the view size in device pixels, so fit is exactly 1/devicePixelRatio', () => {
        const size = requestedSize({ width: 800.6, height: 600.2 }, 1.5);
        expect(size).toEqual({ width: 1200, height: 900 });
        expect(computeScale('fit', size, { width: 800, height: 600 }, 1.5)).toBeCloseTo(1 / 1.5);
        expect(requestedSize({ width: 0, height: 100000 }, 1)).toEqual({ width: 1, height: 8192 });
        expect(requestedDpi(2)).toBe(192);
    });

    it('maps client coordinates to remote pixels', () => {
        expect(toRemotePoint(150, 70, { left: 50, top: 20 }, 0.5)).toEqual({ x: 200, y: 100 });
    });
});

describe('embedding messages', () => {
    it('accepts only well-formed parent messages', () => {
        expect(parseParentMessage({ type: 'token', token: 'abc.DEF-_1' })).toEqual({ type: 'token', token: 'abc.DEF-_1' });
        expect(parseParentMessage({ type: 'token', token: 'a b' })).toBeNull();
        expect(parseParentMessage({ type: 'token', token: 5 })).toBeNull();
        expect(parseParentMessage({ type: 'disconnect' })).toEqual({ type: 'disconnect' });
        expect(parseParentMessage('token')).toBeNull();
        expect(parseParentMessage(null)).toBeNull();
    });

    it('posts only to a valid http(s) origin', () => {
        expect(resolveParentOrigin('https://portal.example', null)).toBe('https://portal.example');
        expect(resolveParentOrigin(null, ['http://127.0.0.1:5000'])).toBe('http://127.0.0.1:5000');
        expect(resolveParentOrigin('https://portal.example/path', null)).toBeNull();
        expect(resolveParentOrigin('*', null)).toBeNull();
        expect(resolveParentOrigin('javascript:alert(1)', null)).toBeNull();
        expect(resolveParentOrigin(null, null)).toBeNull();
    });
});

class FakeStream implements UploadStream {
    readonly sent: Uint8Array[] = [];
    ended = false;
    private listener: ((status: number, message: string) => void) | null = null;
    on(_name: 'ack', listener: (status: number, message: string) => void): () => void {
        this.listener = listener;
        return () => {
            this.listener = null;
        };
    }

    sendBytes(data: Uint8Array): void {
        this.sent.push(data.slice());
    }

    sendEnd(): void {
        this.ended = true;
    }

    ack(status = 0, message = 'OK'): void {
        this.listener?.(status, message);
    }
}

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

describe('uploads', () => {
    it('waits for the stream ack, keeps a window of blobs in flight, reports acknowledged bytes and ends', async () => {
        const stream = new FakeStream();
        const file = Object.assign(new Blob([new Uint8Array(25).map((_, i) => i)]), { name: 'a.bin' });
        const progress: number[] = [];
        let opened = '';
        const done = uploadFile((mimetype, name) => {
            opened = `${mimetype} ${name}`;
            return stream;
        }, file, (acked) => progress.push(acked), { chunkBytes: 10, window: 2 });
        await tick();
        expect(opened).toBe('application/octet-stream a.bin');
        expect(stream.sent).toHaveLength(0);
        stream.ack();
        await tick();
        expect(stream.sent.map((c) => c.length)).toEqual([10, 10]);
        stream.ack();
        await tick();
        expect(stream.sent.map((c) => c.length)).toEqual([10, 10, 5]);
        stream.ack();
        stream.ack();
        await done;
        expect(progress).toEqual([0, 10, 20, 25]);
        expect(stream.ended).toBe(true);
        expect(Array.from(stream.sent.flatMap((c) => Array.from(c)))).toEqual(Array.from({ length: 25 }, (_, i) => i));
    });

    it('fails with the status of a refusing ack and does not end the stream', async () => {
        const stream = new FakeStream();
        const file = Object.assign(new Blob(['hello']), { name: 'x.txt' });
        const done = uploadFile(() => stream, file, () => undefined);
        await tick();
        stream.ack(GuacamoleStatus.CLIENT_FORBIDDEN, 'read-only user');
        await expect(done).rejects.toMatchObject({ status: GuacamoleStatus.CLIENT_FORBIDDEN });
        expect(stream.ended).toBe(false);
    });

    it('stops when aborted', async () => {
        const stream = new FakeStream();
        const controller = new AbortController();
        const done = uploadFile(() => stream, Object.assign(new Blob(['hello']), { name: 'x' }), () => undefined, { signal: controller.signal });
        await tick();
        controller.abort();
        await expect(done).rejects.toMatchObject({ status: GuacamoleStatus.RESOURCE_CLOSED });
    });
});

describe('formatting', () => {
    it('formats sizes and cleans download names', () => {
        expect(formatBytes(512)).toBe('512 B');
        expect(formatBytes(1536)).toBe('1.5 KB');
        expect(safeFileName('../etc/passwd')).toBe('_etc_passwd');
        expect(safeFileName('a\u0000b:c.txt')).toBe('a_b_c.txt');
        expect(safeFileName('')).toBe('download');
    });
});
