import { describe, expect, it } from 'vitest';
import {
    Client, type ClientState, encodeBase64, encodeInstruction, GuacamoleError, GuacamoleStatus, readText, serverOpcodes,
} from '../src/index';
import { FakeTunnel } from './support/fakeTunnel';

function setup(): { client: Client; tunnel: FakeTunnel; states: ClientState[]; errors: GuacamoleError[] } {
    const tunnel = new FakeTunnel();
    const client = new Client(tunnel);
    const states: ClientState[] = [];
    const errors: GuacamoleError[] = [];
    client.on('state', (s) => states.push(s));
    client.on('error', (e) => errors.push(e));
    return { client, tunnel, states, errors };
}

async function until(condition: () => boolean): Promise<void> {
    for (let i = 0; i < 200 && !condition(); i++) {
        await new Promise((resolve) => setTimeout(resolve, 5));
    }

    expect(condition()).toBe(true);
}

const text = (s: string): string => encodeBase64(new TextEncoder().encode(s));

describe('client', () => {
    it('has a handler for every server instruction', () => {
        const { client } = setup();
        for (const opcode of serverOpcodes) {
            expect(client.handles(opcode), opcode).toBe(true);
        }
    });

    it('goes connecting, waiting, connected (first sync) and answers the sync', async () => {
        const { client, tunnel, states } = setup();
        client.connect('token=abc');
        expect(tunnel.connectData).toBe('token=abc');
        tunnel.open();
        tunnel.instruction('size', 0, 10, 10);
        tunnel.instruction('sync', '1700000000123', 2);
        await until(() => client.state === 'connected');
        expect(states).toEqual(['connecting', 'waiting', 'connected']);
        expect(tunnel.sent).toContain('4.sync,13.1700000000123;');
    });

    it('maps a server error to an error event with its status, then disconnects', () => {
        const { client, tunnel, states, errors } = setup();
        client.connect();
        tunnel.open();
        tunnel.instruction('error', 'Aborted. See logs.', GuacamoleStatus.UPSTREAM_UNAVAILABLE);
        expect(errors.map((e) => [e.status, e.message, e.statusName])).toEqual([[0x208, 'Aborted. See logs.', 'UPSTREAM_UNAVAILABLE']]);
        expect(states.slice(-2)).toEqual(['disconnecting', 'disconnected']);
        expect(tunnel.state).toBe('closed');
    });

    it('reports tunnel errors', () => {
        const { client, tunnel, errors } = setup();
        client.connect();
        tunnel.emit('error', new GuacamoleError(GuacamoleStatus.UPSTREAM_TIMEOUT, 'server timeout'));
        tunnel.disconnect();
        expect(errors[0]?.status).toBe(GuacamoleStatus.UPSTREAM_TIMEOUT);
        expect(client.state).toBe('disconnected');
    });

    it('sends key, mouse, touch, size, clipboard and argv', () => {
        const { client, tunnel } = setup();
        client.connect();
        tunnel.open();
        client.sendKeyEvent(true, 65);
        client.sendKeyEvent(false, 65);
        client.sendMouseState({ x: 10.7, y: 20, left: true, down: true });
        client.sendTouchState({ id: 1, x: 5, y: 6, radiusX: 2, radiusY: 3, angle: 45.5, force: 0.5 });
        client.sendSize(800, 600);
        client.setClipboard('h\u00e9');
        client.sendArgument('password', 'secret');
        expect(tunnel.sent).toEqual([
            '3.key,2.65,1.1;', '3.key,2.65,1.0;', '5.mouse,2.10,2.20,2.17;', '5.touch,1.1,1.5,1.6,1.2,1.3,4.45.5,3.0.5;',
            '4.size,3.800,3.600;', '9.clipboard,1.0,10.text/plain;', `4.blob,1.0,4.${text('h\u00e9')};`, '3.end,1.0;',
            '4.argv,1.0,10.text/plain,8.password;', `4.blob,1.0,8.${text('secret')};`, '3.end,1.0;',
        ]);
    });

    it('reads the server clipboard and acks each blob; refuses streams nobody listens to', async () => {
        const { client, tunnel } = setup();
        client.connect();
        tunnel.open();
        let clipboard: Promise<string> | null = null;
        client.on('clipboard', (stream, mimetype) => {
            expect(mimetype).toBe('text/plain');
            clipboard = readText(stream);
        });
        tunnel.instruction('clipboard', 3, 'text/plain');
        tunnel.instruction('blob', 3, text('hello '));
        tunnel.instruction('blob', 3, text('world \u{1F600}'));
        tunnel.instruction('end', 3);
        expect(await clipboard).toBe('hello world \u{1F600}');
        expect(tunnel.sent.filter((s) => s.startsWith('3.ack'))).toEqual(['3.ack,1.3,2.OK,1.0;', '3.ack,1.3,2.OK,1.0;']);
        tunnel.instruction('file', 5, 'application/pdf', 'a.pdf');
        expect(tunnel.sent).toContain('3.ack,1.5,11.unsupported,3.256;');
    });

    it('reports required parameters, name, msg and output-stream acks', () => {
        const { client, tunnel } = setup();
        client.connect();
        tunnel.open();
        const seen: unknown[] = [];
        client.on('required', (names) => seen.push(['required', names]));
        client.on('name', (name) => seen.push(['name', name]));
        client.on('msg', (code, args) => seen.push(['msg', code, args]));
        tunnel.instruction('required', 'username', 'password');
        tunnel.instruction('name', 'vim \u{1F600}');
        tunnel.instruction('msg', 1, '@u', 'alice');
        const stream = client.createFileStream('text/plain', 'a.txt');
        const acks: number[] = [];
        stream.on('ack', (status) => acks.push(status));
        tunnel.instruction('ack', stream.index, 'OK', 0);
        tunnel.instruction('ack', stream.index, 'nope', 0x205);
        expect(seen).toEqual([['required', ['username', 'password']], ['name', 'vim \u{1F600}'], ['msg', 1, ['@u', 'alice']]]);
        expect(acks).toEqual([0, 0x205]);
        expect(stream.isClosed).toBe(true);
    });

    it('handles nested instruction streams', async () => {
        const { client, tunnel } = setup();
        client.connect();
        tunnel.open();
        const inner = encodeInstruction('size', [0, 12, 7]) + encodeInstruction('sync', ['9']);
        tunnel.instruction('nest', 0, inner.substring(0, 10));
        tunnel.instruction('nest', 0, inner.substring(10));
        await until(() => client.display.width === 12);
        expect(client.display.height).toBe(7);
    });

    it('ignores malformed numbers instead of drawing garbage', async () => {
        const { client, tunnel } = setup();
        client.connect();
        tunnel.open();
        tunnel.instruction('size', 0, 'x', 10);
        tunnel.instruction('size', 0, 99999999, 10);
        tunnel.instruction('sync', '1');
        await until(() => client.state === 'connected');
        expect(client.display.width).toBe(8192); // clamped to the display limit
    });
});
