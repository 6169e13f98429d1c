import { describe, expect, it, vi } from 'vitest';
import {
    ChainedTunnel, EventEmitter, GuacamoleError, GuacamoleStatus, HttpTunnel, statusFromWebSocketClose, type TunnelState,
    WebSocketTunnel,
} from '../src/index';

class FakeSocket extends EventTarget {
    static instances: FakeSocket[] = [];
    readyState = 0;
    readonly sent: string[] = [];
    constructor(readonly url: string, readonly protocol: string) {
        super();
        FakeSocket.instances.push(this);
    }

    send(data: string): void {
        this.sent.push(data);
    }

    close(): void {
        this.readyState = 3;
    }

    serverOpen(): void {
        this.readyState = 1;
        this.dispatchEvent(new Event('open'));
    }

    serverMessage(data: string): void {
        this.dispatchEvent(Object.assign(new Event('message'), { data }));
    }

    serverClose(code: number, reason: string): void {
        this.readyState = 3;
        this.dispatchEvent(Object.assign(new Event('close'), { code, reason }));
    }
}

const fakeSocket = FakeSocket as unknown as typeof WebSocket;

function record(tunnel: { on: EventEmitter<{ state: [TunnelState]; error: [GuacamoleError]; instruction: [string, string[]] }>['on'] }) {
    const log = { states: [] as TunnelState[], errors: [] as number[], instructions: [] as string[] };
    tunnel.on('state', (s) => log.states.push(s));
    tunnel.on('error', (e) => log.errors.push(e.status));
    tunnel.on('instruction', (o, a) => log.instructions.push([o, ...a].join(',')));
    return log;
}

describe('events', () => {
    it('supports several listeners, once and removal', () => {
        const e = new EventEmitter<{ n: [number] }>();
        const seen: string[] = [];
        const off = e.on('n', (n) => seen.push(`a${n}`));
        e.once('n', (n) => seen.push(`b${n}`));
        e.emit('n', 1);
        off();
        e.emit('n', 2);
        expect(seen).toEqual(['a1', 'b1']);
        expect(e.hasListeners('n')).toBe(false);
    });
});

describe('websocket tunnel', () => {
    it('opens with the guacamole subprotocol, takes the UUID from the first message and relays instructions', () => {
        FakeSocket.instances = [];
        const tunnel = new WebSocketTunnel('ws://gw.test/websocket-tunnel', { webSocket: fakeSocket });
        const log = record(tunnel);
        tunnel.connect('token=abc');
        const socket = FakeSocket.instances[0] as FakeSocket;
        expect(socket.url).toBe('ws://gw.test/websocket-tunnel?token=abc');
        expect(socket.protocol).toBe('guacamole');
        socket.serverOpen();
        socket.serverMessage('0.,36.0f6d1f47-2a3a-4c55-9a0e-5b8f9b8f3c11;');
        expect(tunnel.uuid).toBe('0f6d1f47-2a3a-4c55-9a0e-5b8f9b8f3c11');
        socket.serverMessage('4.size,1.0,2.64,2.48;4.sy');
        const pings: number[] = [];
        tunnel.on('ping', (ms) => pings.push(ms));
        const sentAt = String(Date.now() - 5);
        socket.serverMessage(`nc,1.5;0.,4.ping,${sentAt.length}.${sentAt};`);
        expect(pings.length).toBe(1);
        expect(pings[0]).toBeGreaterThanOrEqual(5);
        tunnel.sendMessage('key', 65, 1);
        expect(socket.sent).toEqual(['3.key,2.65,1.1;']);
        expect(log.instructions).toEqual(['size,0,64,48', 'sync,5']);
        socket.serverClose(1000, '');
        expect(log.states).toEqual(['connecting', 'open', 'closed']);
        expect(log.errors).toEqual([]);
        tunnel.disconnect();
    });

    it('maps the close reason (the exact status) and close codes to Guacamole statuses', () => {
        FakeSocket.instances = [];
        const tunnel = new WebSocketTunnel('ws://gw.test/t', { webSocket: fakeSocket });
        const log = record(tunnel);
        tunnel.connect('');
        const socket = FakeSocket.instances[0] as FakeSocket;
        socket.serverOpen();
        socket.serverClose(1008, '769');
        expect(log.errors).toEqual([GuacamoleStatus.CLIENT_UNAUTHORIZED]);
        expect(statusFromWebSocketClose(1009, '')).toBe(GuacamoleStatus.CLIENT_OVERRUN);
        expect(statusFromWebSocketClose(1011, 'nonsense')).toBe(GuacamoleStatus.SERVER_ERROR);
        expect(statusFromWebSocketClose(1002, '523')).toBe(GuacamoleStatus.SESSION_CLOSED);
    });

    it('fails a malformed stream with CLIENT_BAD_REQUEST', () => {
        FakeSocket.instances = [];
        const tunnel = new WebSocketTunnel('ws://gw.test/t', { webSocket: fakeSocket });
        const log = record(tunnel);
        tunnel.connect('');
        const socket = FakeSocket.instances[0] as FakeSocket;
        socket.serverOpen();
        socket.serverMessage('0.,1.u;4.sync,1.12;');
        expect(log.errors).toEqual([GuacamoleStatus.CLIENT_BAD_REQUEST]);
        expect(tunnel.state).toBe('closed');
    });

    it('pings while open and times out when the server goes silent', () => {
        vi.useFakeTimers();
        try {
            FakeSocket.instances = [];
            const tunnel = new WebSocketTunnel('ws://gw.test/t', { webSocket: fakeSocket, receiveTimeout: 3000, unstableAfter: 1000, pingInterval: 500 });
            const log = record(tunnel);
            tunnel.connect('');
            const socket = FakeSocket.instances[0] as FakeSocket;
            socket.serverOpen();
            socket.serverMessage('0.,3.abc;');
            vi.advanceTimersByTime(600);
            expect(socket.sent[0]).toMatch(/^0\.,4\.ping,\d+\.\d+;$/);
            vi.advanceTimersByTime(600);
            expect(tunnel.state).toBe('unstable');
            socket.serverMessage('3.nop;');
            expect(tunnel.state).toBe('open');
            vi.advanceTimersByTime(3100);
            expect(log.errors).toEqual([GuacamoleStatus.UPSTREAM_TIMEOUT]);
            expect(tunnel.state).toBe('closed');
        } finally {
            vi.useRealTimers();
        }
    });
});

function response(body: string | ReadableStream<Uint8Array> | null, init: ResponseInit = {}): Response {
    return new Response(body, init);
}

function streamOf(...chunks: string[]): ReadableStream<Uint8Array> {
    const encoder = new TextEncoder();
    return new ReadableStream({
        start(controller) {
            for (const chunk of chunks) {
                controller.enqueue(encoder.encode(chunk));
            }

            controller.close();
        },
    });
}

describe('http tunnel', () => {
    it('connects, reads until the end marker, reads again, and writes with the tunnel token', async () => {
        const requests: { url: string; method: string; body: unknown; token: string | null }[] = [];
        let reads = 0;
        const fetchFake = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
            const url = String(input);
            const headers = new Headers(init?.headers);
            requests.push({ url, method: init?.method ?? 'GET', body: init?.body, token: headers.get('Guacamole-Tunnel-Token') });
            if (url.endsWith('?connect')) {
                return response('uuid-1', { headers: { 'Guacamole-Tunnel-Token': 'tok' } });
            }

            if (url.includes('?read:')) {
                reads++;
                if (reads === 1) {
                    return response(streamOf('4.size,1.0,1.8,1.', '8;4.sync,1.1;', '0.;'));
                }

                if (reads === 2) {
                    return response(streamOf('4.name,1.\u00e9;0.;'));
                }

                return response(null, { status: 404, headers: { 'Guacamole-Status-Code': '516', 'Guacamole-Error-Message': 'no such tunnel' } });
            }

            return response('');
        };
        const tunnel = new HttpTunnel('http://gw.test/tunnel', { fetch: fetchFake as typeof fetch });
        const log = record(tunnel);
        const closed = new Promise<void>((resolve) => tunnel.on('state', (s) => s === 'closed' && resolve()));
        tunnel.connect('token=abc');
        await new Promise((resolve) => tunnel.once('state', resolve));
        tunnel.sendMessage('key', 65, 1);
        tunnel.sendMessage('key', 65, 0);
        await closed;
        expect(tunnel.uuid).toBe('uuid-1');
        expect(log.instructions).toEqual(['size,0,8,8', 'sync,1', 'name,\u00e9']);
        expect(log.errors).toEqual([0x204]);
        expect(requests[0]).toMatchObject({ url: 'http://gw.test/tunnel?connect', method: 'POST', body: 'token=abc' });
        expect(requests[1]).toMatchObject({ url: 'http://gw.test/tunnel?read:uuid-1:0', token: 'tok' });
        const write = requests.find((r) => r.url.includes('?write:uuid-1'));
        expect(write?.token).toBe('tok');
        expect(String(write?.body)).toContain('3.key,2.65,1.1;');
    });

    it('reports a refused connect with the status from the header', async () => {
        const fetchFake = async (): Promise<Response> => response(null, { status: 403, headers: { 'Guacamole-Status-Code': '769', 'Guacamole-Error-Message': 'token expired' } });
        const tunnel = new HttpTunnel('http://gw.test/tunnel', { fetch: fetchFake as typeof fetch });
        const errors: GuacamoleError[] = [];
        tunnel.on('error', (e) => errors.push(e));
        const closed = new Promise<void>((resolve) => tunnel.on('state', (s) => s === 'closed' && resolve()));
        tunnel.connect('token=x');
        await closed;
        expect(errors.map((e) => [e.status, e.message])).toEqual([[769, 'token expired']]);
    });
});

/** A response body that delivers `chunk` and then stays open. */
function endless(chunk: string): ReadableStream<Uint8Array> {
    return new ReadableStream({
        start(controller) {
            controller.enqueue(new TextEncoder().encode(chunk));
        },
    });
}

describe('chained tunnel', () => {
    it('falls back to HTTP when the WebSocket cannot open, but not after it opened', async () => {
        FakeSocket.instances = [];
        const fetchFake = async (input: RequestInfo | URL): Promise<Response> =>
            String(input).endsWith('?connect') ? response('uuid-h') : response(endless('3.nop;'));
        const http = new HttpTunnel('http://gw.test/tunnel', { fetch: fetchFake as typeof fetch });
        const chain = new ChainedTunnel(new WebSocketTunnel('ws://gw.test/ws', { webSocket: fakeSocket }), http);
        const log = record(chain);
        chain.connect('token=a');
        (FakeSocket.instances[0] as FakeSocket).serverClose(1006, '');
        await new Promise((resolve) => setTimeout(resolve, 20));
        expect(chain.active).toBe(http);
        expect(chain.uuid).toBe('uuid-h');
        expect(log.errors).toEqual([]);
        chain.disconnect();

        FakeSocket.instances = [];
        const second = new ChainedTunnel(new WebSocketTunnel('ws://gw.test/ws', { webSocket: fakeSocket }), new HttpTunnel('http://gw.test/tunnel', { fetch: fetchFake as typeof fetch }));
        const log2 = record(second);
        second.connect('token=b');
        const socket = FakeSocket.instances[0] as FakeSocket;
        socket.serverOpen();
        socket.serverClose(1008, '769');
        expect(log2.errors).toEqual([GuacamoleStatus.CLIENT_UNAUTHORIZED]);
        expect(second.state).toBe('closed');
    });
});
