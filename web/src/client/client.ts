import { Display } from '../display/display';
import { EventEmitter } from '../events';
import { GuacamoleError } from '../protocol/errors';
import { InstructionParser } from '../protocol/parser';
import { GuacamoleStatus, parseStatus } from '../protocol/status';
import type { ElementValue } from '../protocol/writer';
import { PcmAudioPlayer, parsePcmMimetype } from '../streams/audio';
import { decodeBase64 } from '../streams/base64';
import { collectBytes, InputStream, OutputStream } from '../streams/streams';
import type { Tunnel } from '../tunnel/tunnel';
import { GuacObject } from './guacObject';

/** Client lifecycle. `waiting`: the tunnel is open, no frame yet; `connected`: the first `sync` arrived. */
export type ClientState = 'idle' | 'connecting' | 'waiting' | 'connected' | 'disconnecting' | 'disconnected';

/** Mouse state for {@link Client.sendMouseState}. */
export interface MouseState {
    readonly x: number;
    readonly y: number;
    readonly left?: boolean;
    readonly middle?: boolean;
    readonly right?: boolean;
    readonly up?: boolean;
    readonly down?: boolean;
}

/** One touch contact for {@link Client.sendTouchState}. */
export interface TouchState {
    readonly id: number;
    readonly x: number;
    readonly y: number;
    readonly radiusX?: number;
    readonly radiusY?: number;
    readonly angle?: number;
    /** 0 lifts the contact; 1 is full pressure. */
    readonly force?: number;
}

export type ClientEvents = {
    state: [state: ClientState];
    /** An `error` from the server or a tunnel failure. */
    error: [error: GuacamoleError];
    /** The server's clipboard (use `readText`). Without a listener the stream is refused. */
    clipboard: [stream: InputStream, mimetype: string];
    /** A file download (use `readBlob`). */
    file: [stream: InputStream, mimetype: string, filename: string];
    /** A named pipe from the server. */
    pipe: [stream: InputStream, mimetype: string, name: string];
    /** A changed connection parameter (`argv` echo). */
    argv: [stream: InputStream, mimetype: string, name: string];
    /** Audio. Without a listener raw PCM (`audio/L8`, `audio/L16`) is played through Web Audio. */
    audio: [stream: InputStream, mimetype: string];
    /** The server asks for these connection parameters (answer with {@link Client.sendArgument}). */
    required: [names: string[]];
    /** The connection's display name changed. */
    name: [name: string];
    /** A notification (`msg`): 1 user joined, 2 user left. */
    msg: [code: number, args: string[]];
    /** A server-side object such as a filesystem. */
    filesystem: [object: GuacObject, name: string];
    /** A frame was applied and its `sync` answered. */
    sync: [timestamp: number, frames: number];
    /** Another user's mouse (server `mouse`). */
    mouse: [x: number, y: number, buttons: number];
    /** Another user's key (server `key`). */
    key: [keysym: number, pressed: boolean];
    /** Every server instruction, before it is handled (diagnostics). */
    instruction: [opcode: string, args: string[]];
};

/** Server → client opcodes the client handles (GUACAMOLE.md §1.5). */
export const serverOpcodes = [
    'arc', 'cfill', 'clip', 'close', 'copy', 'cstroke', 'cursor', 'curve', 'dispose', 'distort', 'identity', 'lfill',
    'line', 'lstroke', 'move', 'pop', 'push', 'reset', 'rect', 'set', 'shade', 'size', 'start', 'transfer',
    'transform', 'img', 'png', 'jpeg', 'ack', 'argv', 'audio', 'blob', 'clipboard', 'end', 'file', 'pipe', 'video',
    'nest', 'filesystem', 'body', 'undefine', 'mouse', 'key', 'touch', 'sync', 'nop', 'disconnect', 'error', 'log',
    'msg', 'name', 'required',
] as const;

/** Options of {@link Client}. */
export interface ClientOptions {
    /** Largest encoded image accepted on one `img` stream, in bytes (default 32 MiB). */
    readonly maxImageBytes?: number;
    /** Largest number of concurrently open inbound streams (default 512). */
    readonly maxInputStreams?: number;
    /** The Web Audio context for built-in PCM playback (created lazily when omitted). */
    readonly audioContext?: AudioContext;
}

type Handler = (args: string[]) => void;

const maxOutputStreams = 512;
const maxNestedStreams = 16;
const maxObjects = 64;

/** Integer argument, or NaN when it is not a plain decimal integer. */
function int(text: string | undefined): number {
    return text !== undefined && /^-?\d{1,10}$/.test(text) ? Number(text) : Number.NaN;
}

/** Real-number argument (arc angles, matrices); NaN when malformed. */
function real(text: string | undefined): number {
    if (text === undefined || text.length === 0 || text.length > 64) {
        return Number.NaN;
    }

    return Number(text);
}

function finite(...values: number[]): boolean {
    return values.every(Number.isFinite);
}

/**
 * The Guacamole client: drives a {@link Tunnel}, dispatches every server instruction through an opcode → handler
 * table into the {@link Display} and the streams, answers `sync` once a frame is applied, and sends input.
 * Nothing here depends on which remote protocol is behind the gateway.
 */
export class Client extends EventEmitter<ClientEvents> {
    readonly display: Display;
    readonly tunnel: Tunnel;
    private readonly handlers: ReadonlyMap<string, Handler>;
    private readonly options: Required<Omit<ClientOptions, 'audioContext'>>;
    private audioContext: AudioContext | null;
    private currentState: ClientState = 'idle';
    private readonly inputStreams = new Map<number, InputStream>();
    private readonly outputStreams = new Map<number, OutputStream>();
    private readonly objects = new Map<number, GuacObject>();
    private readonly nested = new Map<number, InstructionParser>();
    private lastSyncSent: string | null = null;
    private readonly unsubscribe: (() => void)[];

    constructor(tunnel: Tunnel, options: ClientOptions = {}) {
        super();
        this.tunnel = tunnel;
        this.display = new Display();
        this.options = { maxImageBytes: options.maxImageBytes ?? 32 * 1024 * 1024, maxInputStreams: options.maxInputStreams ?? 512 };
        this.audioContext = options.audioContext ?? null;
        this.handlers = this.createHandlers();
        this.unsubscribe = [
            tunnel.on('instruction', (opcode, args) => this.handleInstruction(opcode, args)),
            tunnel.on('state', (state) => {
                if (state === 'open' && this.currentState === 'connecting') {
                    this.setState('waiting');
                } else if (state === 'closed') {
                    this.finish();
                }
            }),
            tunnel.on('error', (error) => this.emit('error', error)),
        ];
    }

    get state(): ClientState {
        return this.currentState;
    }

    /** True when `opcode` has a handler. */
    handles(opcode: string): boolean {
        return this.handlers.has(opcode);
    }

    /** Opens the tunnel with the URL-encoded connect data (`token=...&GUAC_WIDTH=...`). */
    connect(data = ''): void {
        if (this.currentState !== 'idle') {
            throw new Error('a client connects once');
        }

        this.setState('connecting');
        try {
            this.tunnel.connect(data);
        } catch (error) {
            this.setState('disconnected');
            throw error;
        }
    }

    /** Sends `disconnect` and closes the tunnel. */
    disconnect(): void {
        if (this.currentState === 'disconnected' || this.currentState === 'disconnecting' || this.currentState === 'idle') {
            return;
        }

        this.setState('disconnecting');
        this.send('disconnect');
        this.tunnel.disconnect();
        this.finish();
    }

    // ---- input ------------------------------------------------------------------------------------------------

    sendKeyEvent(pressed: boolean, keysym: number): void {
        this.send('key', keysym, pressed ? 1 : 0);
    }

    sendMouseState(state: MouseState): void {
        const mask = (state.left ? 0x01 : 0) | (state.middle ? 0x02 : 0) | (state.right ? 0x04 : 0)
            | (state.up ? 0x08 : 0) | (state.down ? 0x10 : 0);
        const x = Math.floor(state.x);
        const y = Math.floor(state.y);
        this.display.moveCursor(x, y);
        this.send('mouse', x, y, mask);
    }

    sendTouchState(touch: TouchState): void {
        this.send('touch', touch.id, Math.floor(touch.x), Math.floor(touch.y), Math.floor(touch.radiusX ?? 0),
            Math.floor(touch.radiusY ?? 0), touch.angle ?? 0, touch.force ?? 1);
    }

    /** Asks the server to resize the remote display. */
    sendSize(width: number, height: number): void {
        this.send('size', Math.floor(width), Math.floor(height));
    }

    // ---- outbound streams -------------------------------------------------------------------------------------

    private openOutputStream(): OutputStream {
        let index = 0;
        while (this.outputStreams.has(index)) {
            index++;
        }

        if (index >= maxOutputStreams) {
            throw new GuacamoleError(GuacamoleStatus.CLIENT_TOO_MANY, 'too many open streams');
        }

        const stream = new OutputStream(index, {
            sendBlob: (i, data) => this.send('blob', i, data),
            sendEnd: (i) => {
                this.send('end', i);
                this.outputStreams.delete(i);
            },
        });
        this.outputStreams.set(index, stream);
        return stream;
    }

    createClipboardStream(mimetype: string): OutputStream {
        const stream = this.openOutputStream();
        this.send('clipboard', stream.index, mimetype);
        return stream;
    }

    /** Sends text as the remote clipboard. */
    setClipboard(text: string, mimetype = 'text/plain'): void {
        const stream = this.createClipboardStream(mimetype);
        stream.sendText(text);
        stream.sendEnd();
    }

    createFileStream(mimetype: string, filename: string): OutputStream {
        const stream = this.openOutputStream();
        this.send('file', stream.index, mimetype, filename);
        return stream;
    }

    createPipeStream(mimetype: string, name: string): OutputStream {
        const stream = this.openOutputStream();
        this.send('pipe', stream.index, mimetype, name);
        return stream;
    }

    createAudioStream(mimetype: string): OutputStream {
        const stream = this.openOutputStream();
        this.send('audio', stream.index, mimetype);
        return stream;
    }

    createArgumentValueStream(mimetype: string, name: string): OutputStream {
        const stream = this.openOutputStream();
        this.send('argv', stream.index, mimetype, name);
        return stream;
    }

    /** Answers `required` (or changes a live parameter): one `argv` stream carrying `value`. */
    sendArgument(name: string, value: string): void {
        const stream = this.createArgumentValueStream('text/plain', name);
        stream.sendText(value);
        stream.sendEnd();
    }

    /** Acknowledges an inbound stream. */
    sendAck(index: number, message: string, status: number): void {
        this.send('ack', index, message, status);
    }

    // ---- plumbing ---------------------------------------------------------------------------------------------

    private send(opcode: string, ...args: ElementValue[]): void {
        if (this.currentState === 'waiting' || this.currentState === 'connected' || this.currentState === 'disconnecting') {
            this.tunnel.sendMessage(opcode, ...args);
        }
    }

    private setState(state: ClientState): void {
        if (state !== this.currentState) {
            this.currentState = state;
            this.emit('state', state);
        }
    }

    private finish(): void {
        if (this.currentState === 'disconnected') {
            return;
        }

        if (this.currentState !== 'disconnecting') {
            this.setState('disconnecting');
        }

        for (const off of this.unsubscribe) {
            off();
        }

        for (const stream of this.inputStreams.values()) {
            stream.receiveEnd();
        }

        this.inputStreams.clear();
        this.setState('disconnected');
    }

    private handleInstruction(opcode: string, args: string[]): void {
        this.emit('instruction', opcode, args);
        this.handlers.get(opcode)?.(args);
    }

    /** Registers a new inbound stream, refusing it when the index is in use or there are too many. */
    private openInputStream(indexText: string | undefined): InputStream | null {
        const index = int(indexText);
        if (!Number.isInteger(index) || index < 0) {
            return null;
        }

        if (this.inputStreams.size >= this.options.maxInputStreams) {
            this.sendAck(index, 'too many streams', GuacamoleStatus.CLIENT_TOO_MANY);
            return null;
        }

        this.inputStreams.get(index)?.receiveEnd();
        const stream = new InputStream(index, (i, message, status) => this.sendAck(i, message, status));
        this.inputStreams.set(index, stream);
        return stream;
    }

    /** Offers a stream to listeners of `event`; without listeners it is refused as unsupported. */
    private offer(stream: InputStream, hasListener: boolean, emit: () => void): void {
        if (hasListener) {
            emit();
        } else {
            stream.ack('unsupported', GuacamoleStatus.UNSUPPORTED);
            this.inputStreams.delete(stream.index);
        }
    }

    private playAudio(stream: InputStream, mimetype: string): boolean {
        const format = parsePcmMimetype(mimetype);
        if (format === null || typeof AudioContext === 'undefined') {
            return false;
        }

        try {
            this.audioContext ??= new AudioContext();
        } catch {
            return false;
        }

        new PcmAudioPlayer(this.audioContext, format).play(stream);
        return true;
    }

    private image(mask: number, layer: number, x: number, y: number, mimetype: string, stream: InputStream): void {
        const data = collectBytes(stream, { maxBytes: this.options.maxImageBytes, ack: false })
            .then((chunks) => new Blob(chunks as BlobPart[], { type: mimetype }));
        this.display.drawImage(mask, layer, x, y, data);
    }

    private createHandlers(): Map<string, Handler> {
        const d = this.display;
        const table: Record<(typeof serverOpcodes)[number], Handler> = {
            // drawing
            arc: ([l, x, y, r, s, e, n]) => {
                const v = [int(l), int(x), int(y), int(r), real(s), real(e)] as const;
                if (finite(...v)) d.arc(v[0], v[1], v[2], v[3], v[4], v[5], n === '1');
            },
            cfill: ([m, l, r, g, b, a]) => {
                const v = [int(m), int(l), int(r), int(g), int(b), int(a)] as const;
                if (finite(...v)) d.cfill(...v);
            },
            clip: ([l]) => { const v = int(l); if (finite(v)) d.clip(v); },
            close: ([l]) => { const v = int(l); if (finite(v)) d.close(v); },
            copy: ([sl, sx, sy, w, h, m, dl, dx, dy]) => {
                const v = [int(sl), int(sx), int(sy), int(w), int(h), int(m), int(dl), int(dx), int(dy)] as const;
                if (finite(...v)) d.copy(...v);
            },
            cstroke: ([m, l, cap, join, t, r, g, b, a]) => {
                const v = [int(m), int(l), int(cap), int(join), int(t), int(r), int(g), int(b), int(a)] as const;
                if (finite(...v)) d.cstroke(...v);
            },
            cursor: ([hx, hy, sl, sx, sy, w, h]) => {
                const v = [int(hx), int(hy), int(sl), int(sx), int(sy), int(w), int(h)] as const;
                if (finite(...v)) d.cursor(...v);
            },
            curve: ([l, a, b, c, e, x, y]) => {
                const v = [int(l), int(a), int(b), int(c), int(e), int(x), int(y)] as const;
                if (finite(...v)) d.curve(...v);
            },
            dispose: ([l]) => { const v = int(l); if (finite(v)) d.dispose(v); },
            distort: ([l, a, b, c, e, f, g]) => {
                const v = [int(l), real(a), real(b), real(c), real(e), real(f), real(g)] as const;
                if (finite(...v)) d.distort(...v);
            },
            identity: ([l]) => { const v = int(l); if (finite(v)) d.identity(v); },
            lfill: ([m, l, s]) => {
                const v = [int(m), int(l), int(s)] as const;
                if (finite(...v)) d.lfill(...v);
            },
            line: ([l, x, y]) => {
                const v = [int(l), int(x), int(y)] as const;
                if (finite(...v)) d.line(...v);
            },
            lstroke: ([m, l, cap, join, t, s]) => {
                const v = [int(m), int(l), int(cap), int(join), int(t), int(s)] as const;
                if (finite(...v)) d.lstroke(...v);
            },
            move: ([l, p, x, y, z]) => {
                const v = [int(l), int(p), int(x), int(y), int(z)] as const;
                if (finite(...v)) d.move(...v);
            },
            pop: ([l]) => { const v = int(l); if (finite(v)) d.pop(v); },
            push: ([l]) => { const v = int(l); if (finite(v)) d.push(v); },
            reset: ([l]) => { const v = int(l); if (finite(v)) d.reset(v); },
            rect: ([l, x, y, w, h]) => {
                const v = [int(l), int(x), int(y), int(w), int(h)] as const;
                if (finite(...v)) d.rect(...v);
            },
            set: ([l, name, value]) => {
                const v = int(l);
                if (finite(v) && name !== undefined && value !== undefined) d.setProperty(v, name, value);
            },
            shade: ([l, a]) => {
                const v = [int(l), int(a)] as const;
                if (finite(...v)) d.shade(...v);
            },
            size: ([l, w, h]) => {
                const v = [int(l), int(w), int(h)] as const;
                if (finite(...v)) d.size(...v);
            },
            start: ([l, x, y]) => {
                const v = [int(l), int(x), int(y)] as const;
                if (finite(...v)) d.start(...v);
            },
            transfer: ([sl, sx, sy, w, h, fn, dl, dx, dy]) => {
                const v = [int(sl), int(sx), int(sy), int(w), int(h), int(fn), int(dl), int(dx), int(dy)] as const;
                if (finite(...v)) d.transfer(...v);
            },
            transform: ([l, a, b, c, e, f, g]) => {
                const v = [int(l), real(a), real(b), real(c), real(e), real(f), real(g)] as const;
                if (finite(...v)) d.transform(...v);
            },
            img: ([s, m, l, mimetype, x, y]) => {
                const v = [int(m), int(l), int(x), int(y)] as const;
                if (!finite(...v) || mimetype === undefined) return;
                const stream = this.openInputStream(s);
                if (stream !== null) this.image(v[0], v[1], v[2], v[3], mimetype, stream);
            },
            png: ([m, l, x, y, data]) => this.legacyImage('image/png', m, l, x, y, data),
            jpeg: ([m, l, x, y, data]) => this.legacyImage('image/jpeg', m, l, x, y, data),
            // streams
            ack: ([s, message, status]) => {
                const index = int(s);
                const stream = this.outputStreams.get(index);
                if (stream !== undefined && stream.receiveAck(message ?? '', parseStatus(status))) {
                    this.outputStreams.delete(index);
                }
            },
            argv: ([s, mimetype, name]) => {
                const stream = this.openInputStream(s);
                if (stream !== null) {
                    this.offer(stream, this.hasListeners('argv'), () => this.emit('argv', stream, mimetype ?? '', name ?? ''));
                }
            },
            audio: ([s, mimetype]) => {
                const stream = this.openInputStream(s);
                if (stream === null) return;
                const type = mimetype ?? '';
                const handled = this.hasListeners('audio') || this.playAudio(stream, type);
                this.offer(stream, handled, () => {
                    if (this.hasListeners('audio')) this.emit('audio', stream, type);
                });
            },
            blob: ([s, data]) => {
                const stream = this.inputStreams.get(int(s));
                if (stream !== undefined && data !== undefined) stream.receiveBlob(data);
            },
            clipboard: ([s, mimetype]) => {
                const stream = this.openInputStream(s);
                if (stream !== null) {
                    this.offer(stream, this.hasListeners('clipboard'), () => this.emit('clipboard', stream, mimetype ?? ''));
                }
            },
            end: ([s]) => {
                const index = int(s);
                const stream = this.inputStreams.get(index);
                if (stream !== undefined) {
                    this.inputStreams.delete(index);
                    stream.receiveEnd();
                }
            },
            file: ([s, mimetype, filename]) => {
                const stream = this.openInputStream(s);
                if (stream !== null) {
                    this.offer(stream, this.hasListeners('file'), () => this.emit('file', stream, mimetype ?? '', filename ?? ''));
                }
            },
            pipe: ([s, mimetype, name]) => {
                const stream = this.openInputStream(s);
                if (stream !== null) {
                    this.offer(stream, this.hasListeners('pipe'), () => this.emit('pipe', stream, mimetype ?? '', name ?? ''));
                }
            },
            video: ([s]) => {
                const index = int(s);
                if (Number.isInteger(index)) this.sendAck(index, 'video unsupported', GuacamoleStatus.UNSUPPORTED);
            },
            nest: ([s, data]) => this.nest(int(s), data),
            // objects
            filesystem: ([o, name]) => {
                const index = int(o);
                if (!Number.isInteger(index) || (this.objects.size >= maxObjects && !this.objects.has(index))) return;
                const object = new GuacObject(index, name ?? '', {
                    requestObject: (i, n) => this.send('get', i, n),
                    createObjectOutputStream: (i, mimetype, n) => {
                        const stream = this.openOutputStream();
                        this.send('put', i, stream.index, mimetype, n);
                        return stream;
                    },
                });
                this.objects.set(index, object);
                this.emit('filesystem', object, name ?? '');
            },
            body: ([o, s, mimetype, name]) => {
                const object = this.objects.get(int(o));
                const stream = this.openInputStream(s);
                if (stream === null) return;
                this.offer(stream, object !== undefined && object.hasListeners('body'), () => object?.emit('body', stream, mimetype ?? '', name ?? ''));
            },
            undefine: ([o]) => {
                const index = int(o);
                const object = this.objects.get(index);
                if (object !== undefined) {
                    this.objects.delete(index);
                    object.emit('undefine');
                }
            },
            // other users' input
            mouse: ([x, y, mask]) => {
                const v = [int(x), int(y), int(mask)] as const;
                if (!finite(...v)) return;
                d.moveCursor(v[0], v[1]);
                this.emit('mouse', ...v);
            },
            key: ([k, pressed]) => {
                const keysym = int(k);
                if (finite(keysym)) this.emit('key', keysym, pressed === '1');
            },
            touch: () => undefined, // other users' touches are not shown
            // control
            sync: ([timestamp, frames]) => {
                if (timestamp === undefined) return;
                const framesValue = int(frames);
                d.flush(() => {
                    if (timestamp !== this.lastSyncSent) {
                        this.send('sync', timestamp);
                        this.lastSyncSent = timestamp;
                    }

                    if (this.currentState === 'waiting') {
                        this.setState('connected');
                    }

                    this.emit('sync', Number(timestamp), Number.isInteger(framesValue) ? framesValue : 0);
                });
            },
            nop: () => undefined,
            disconnect: () => this.disconnect(),
            error: ([message, status]) => {
                this.emit('error', new GuacamoleError(parseStatus(status), message ?? ''));
                this.disconnect();
            },
            log: () => undefined,
            msg: ([code, ...rest]) => {
                const value = int(code);
                if (finite(value)) this.emit('msg', value, rest);
            },
            name: ([name]) => this.emit('name', name ?? ''),
            required: (names) => this.emit('required', names.slice()),
        };
        return new Map(Object.entries(table));
    }

    private legacyImage(mimetype: string, m: string | undefined, l: string | undefined, x: string | undefined, y: string | undefined, data: string | undefined): void {
        const v = [int(m), int(l), int(x), int(y)] as const;
        if (!finite(...v) || data === undefined) {
            return;
        }

        let blob: Blob;
        try {
            blob = new Blob([decodeBase64(data) as BlobPart], { type: mimetype });
        } catch {
            return;
        }

        this.display.drawImage(v[0], v[1], v[2], v[3], Promise.resolve(blob));
    }

    /** `nest`: a deprecated sub-stream carrying instruction text, parsed and handled like top-level input. */
    private nest(index: number, data: string | undefined): void {
        if (!Number.isInteger(index) || data === undefined) {
            return;
        }

        let parser = this.nested.get(index);
        if (parser === undefined) {
            if (this.nested.size >= maxNestedStreams) {
                return;
            }

            parser = new InstructionParser();
            this.nested.set(index, parser);
        }

        try {
            parser.receive(data, (opcode, args) => this.handleInstruction(opcode, args));
        } catch (error) {
            if (error instanceof GuacamoleError) {
                this.emit('error', error);
                this.disconnect();
                return;
            }

            throw error;
        }
    }
}
