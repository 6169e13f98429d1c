import { EventEmitter } from '../events';
import { GuacamoleError } from '../protocol/errors';
import { GuacamoleStatus } from '../protocol/status';
import type { ElementValue } from '../protocol/writer';
import { HttpTunnel } from './httpTunnel';
import type { Tunnel, TunnelEvents, TunnelState } from './tunnel';
import { WebSocketTunnel } from './webSocketTunnel';

/**
 * Tries tunnels in order (typically WebSocket, then HTTP). The next one is tried only when the current one fails
 * before it ever opened (a refused WebSocket upgrade, a proxy without WebSocket support). Once a tunnel opens, the
 * chain commits to it.
 */
export class ChainedTunnel extends EventEmitter<TunnelEvents> implements Tunnel {
    private readonly candidates: Tunnel[];
    private current: Tunnel | null = null;
    private committed = false;
    private unsubscribe: (() => void)[] = [];
    private chainState: TunnelState = 'closed';

    constructor(...tunnels: Tunnel[]) {
        super();
        if (tunnels.length === 0) {
            throw new Error('a chained tunnel needs at least one tunnel');
        }

        this.candidates = tunnels;
    }

    get state(): TunnelState {
        return this.chainState;
    }

    get uuid(): string | null {
        return this.current?.uuid ?? null;
    }

    /** The tunnel in use (or being tried). */
    get active(): Tunnel | null {
        return this.current;
    }

    connect(data: string): void {
        this.committed = false;
        this.setState('connecting');
        this.attempt(0, data);
    }

    sendMessage(opcode: string, ...args: ElementValue[]): void {
        this.current?.sendMessage(opcode, ...args);
    }

    disconnect(): void {
        const tunnel = this.current;
        if (tunnel !== null) {
            tunnel.disconnect();
        } else {
            this.setState('closed');
        }
    }

    private setState(state: TunnelState): void {
        if (state !== this.chainState) {
            this.chainState = state;
            this.emit('state', state);
        }
    }

    private attempt(index: number, data: string): void {
        for (const off of this.unsubscribe) {
            off();
        }

        const tunnel = this.candidates[index];
        if (tunnel === undefined) {
            this.emit('error', new GuacamoleError(GuacamoleStatus.UPSTREAM_NOT_FOUND, 'no tunnel could connect'));
            this.setState('closed');
            return;
        }

        this.current = tunnel;
        let failure: GuacamoleError | null = null;
        this.unsubscribe = [
            tunnel.on('instruction', (opcode, args) => {
                this.committed = true;
                this.emit('instruction', opcode, args);
            }),
            tunnel.on('uuid', (uuid) => this.emit('uuid', uuid)),
            tunnel.on('ping', (ms) => this.emit('ping', ms)),
            tunnel.on('error', (error) => {
                failure = error;
            }),
            tunnel.on('state', (state) => {
                if (state === 'open') {
                    this.committed = true;
                }

                if (state === 'closed') {
                    if (!this.committed && index + 1 < this.candidates.length && !opened(tunnel)) {
                        this.attempt(index + 1, data);
                        return;
                    }

                    if (failure !== null) {
                        this.emit('error', failure);
                    }
                }

                this.setState(state);
            }),
        ];
        tunnel.connect(data);
    }
}

/** WebSocket first, HTTP as the fallback, at the gateway's standard paths under `base` (e.g. '' or '/gateway'). */
export function createDefaultTunnel(base = ''): ChainedTunnel {
    const root = base.endsWith('/') ? base.slice(0, -1) : base;
    return new ChainedTunnel(new WebSocketTunnel(`${root}/websocket-tunnel`), new HttpTunnel(`${root}/tunnel`));
}

function opened(tunnel: Tunnel): boolean {
    return 'wasOpened' in tunnel && (tunnel as { wasOpened: boolean }).wasOpened;
}
