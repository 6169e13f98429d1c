import { GuacamoleError, ProtocolError } from '../protocol/errors';
import { InstructionParser } from '../protocol/parser';
import { GuacamoleStatus, statusFromWebSocketClose } from '../protocol/status';
import { encodeInstruction, type ElementValue } from '../protocol/writer';
import type { Tunnel, TunnelOptions } from './tunnel';
import { TunnelBase } from './tunnelBase';
import { resolveTunnelUrl } from './url';

/** Options of {@link WebSocketTunnel}. */
export interface WebSocketTunnelOptions extends TunnelOptions {
    /** The WebSocket constructor (tests pass a fake). */
    readonly webSocket?: typeof WebSocket;
}

/**
 * The Guacamole WebSocket tunnel: subprotocol `guacamole`, one or more instructions per text message. The server's
 * first message is the tunnel UUID as an internal instruction (`0.,36.<uuid>;`). The close reason carries the
 * Guacamole status when the server closes with an error.
 */
export class WebSocketTunnel extends TunnelBase implements Tunnel {
    private readonly url: string;
    private readonly socketType: typeof WebSocket;
    private socket: WebSocket | null = null;
    private parser = new InstructionParser();
    private opened = false;

    constructor(url: string, options: WebSocketTunnelOptions = {}) {
        super(options);
        this.url = url;
        this.socketType = options.webSocket ?? WebSocket;
    }

    /** True once the WebSocket handshake completed (false means the upgrade itself failed). */
    get wasOpened(): boolean {
        return this.opened;
    }

    connect(data: string): void {
        if (this.state !== 'closed') {
            throw new Error('tunnel already connecting or open');
        }

        this.parser = new InstructionParser();
        this.opened = false;
        this.setState('connecting');
        const address = resolveTunnelUrl(this.url, true);
        const separator = address.includes('?') ? '&' : '?';
        const socket = new this.socketType(data.length > 0 ? `${address}${separator}${data}` : address, 'guacamole');
        this.socket = socket;
        this.startTimers();
        socket.addEventListener('open', () => {
            this.opened = true;
            this.resetReceiveTimers();
        });
        socket.addEventListener('message', (event: MessageEvent) => {
            if (socket !== this.socket) {
                return;
            }

            this.resetReceiveTimers();
            if (typeof event.data !== 'string') {
                this.close(new GuacamoleError(GuacamoleStatus.CLIENT_BAD_TYPE, 'binary websocket message'));
                return;
            }

            try {
                this.parser.receive(event.data, (opcode, args) => this.dispatch(opcode, args));
            } catch (error) {
                if (error instanceof ProtocolError) {
                    this.close(error);
                    return;
                }

                throw error;
            }
        });
        socket.addEventListener('close', (event: CloseEvent) => {
            if (socket !== this.socket) {
                return;
            }

            this.socket = null;
            const status = this.opened ? statusFromWebSocketClose(event.code, event.reason) : GuacamoleStatus.UPSTREAM_NOT_FOUND;
            const message = this.opened ? (status === GuacamoleStatus.SUCCESS ? 'closed' : 'connection closed by the server') : 'websocket could not open';
            this.close(new GuacamoleError(status, message));
        });
    }

    sendMessage(opcode: string, ...args: ElementValue[]): void {
        if (!this.isUsable || this.socket === null) {
            return;
        }

        this.socket.send(encodeInstruction(opcode, args));
    }

    protected closeTransport(): void {
        const socket = this.socket;
        this.socket = null;
        if (socket !== null && socket.readyState <= 1) {
            socket.close();
        }
    }
}
