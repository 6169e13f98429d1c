import type { EventEmitter } from '../events';
import type { GuacamoleError } from '../protocol/errors';
import type { ElementValue } from '../protocol/writer';

/** Lifecycle of a tunnel. */
export type TunnelState = 'connecting' | 'open' | 'unstable' | 'closed';

export type TunnelEvents = {
    /** One instruction from the server. Tunnel-internal instructions (empty opcode) are not reported. */
    instruction: [opcode: string, args: string[]];
    state: [state: TunnelState];
    /** The tunnel failed; a `closed` state follows. */
    error: [error: GuacamoleError];
    /** The tunnel learned its UUID from the server. */
    uuid: [uuid: string];
    /** The server echoed one of our keep-alive pings: the round trip through the gateway, in milliseconds. */
    ping: [roundTripMs: number];
};

/** A transport for Guacamole instructions between the client and the server. */
export interface Tunnel extends Pick<EventEmitter<TunnelEvents>, 'on' | 'once' | 'off'> {
    readonly state: TunnelState;
    /** The server-assigned tunnel UUID once known. */
    readonly uuid: string | null;
    /** Opens the tunnel. `data` is the URL-encoded connect data, e.g. `token=...&GUAC_WIDTH=1024`. */
    connect(data: string): void;
    /** Sends one instruction. Ignored unless the tunnel is open or unstable. */
    sendMessage(opcode: string, ...args: ElementValue[]): void;
    /** Closes the tunnel without an error. */
    disconnect(): void;
}

/** Timing knobs shared by the tunnels (milliseconds). */
export interface TunnelOptions {
    /** How often a tunnel-internal `ping` is sent to keep the connection alive. */
    readonly pingInterval?: number;
    /** Silence after which the tunnel reports itself `unstable`. */
    readonly unstableAfter?: number;
    /** Silence after which the tunnel fails with UPSTREAM_TIMEOUT. */
    readonly receiveTimeout?: number;
}

export const defaultTunnelOptions: Required<TunnelOptions> = Object.freeze({
    pingInterval: 500,
    unstableAfter: 1500,
    receiveTimeout: 15000,
});
