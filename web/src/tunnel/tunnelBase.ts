import { EventEmitter } from '../events';
import { GuacamoleError } from '../protocol/errors';
import { GuacamoleStatus } from '../protocol/status';
import type { ElementValue } from '../protocol/writer';
import { defaultTunnelOptions, type TunnelEvents, type TunnelOptions, type TunnelState } from './tunnel';

/** Shared state handling, keep-alive ping and receive timeout of the real tunnels. */
export abstract class TunnelBase extends EventEmitter<TunnelEvents> {
    protected readonly options: Required<TunnelOptions>;
    private currentState: TunnelState = 'closed';
    private currentUuid: string | null = null;
    private pingTimer: ReturnType<typeof setInterval> | null = null;
    private unstableTimer: ReturnType<typeof setTimeout> | null = null;
    private timeoutTimer: ReturnType<typeof setTimeout> | null = null;

    protected constructor(options: TunnelOptions) {
        super();
        this.options = { ...defaultTunnelOptions, ...options };
    }

    get state(): TunnelState {
        return this.currentState;
    }

    get uuid(): string | null {
        return this.currentUuid;
    }

    abstract connect(data: string): void;

    abstract sendMessage(opcode: string, ...args: ElementValue[]): void;

    /** Closes without an error. */
    disconnect(): void {
        this.close(null);
    }

    protected get isUsable(): boolean {
        return this.currentState === 'open' || this.currentState === 'unstable';
    }

    protected setState(state: TunnelState): void {
        if (state !== this.currentState) {
            this.currentState = state;
            this.emit('state', state);
        }
    }

    protected setUuid(uuid: string): void {
        this.currentUuid = uuid;
        this.emit('uuid', uuid);
    }

    /** Starts the timers; call when the connection attempt begins. */
    protected startTimers(): void {
        this.stopTimers();
        this.pingTimer = setInterval(() => {
            if (this.isUsable) {
                this.sendMessage('', 'ping', Date.now());
            }
        }, this.options.pingInterval);
        this.resetReceiveTimers();
    }

    /** Call whenever data arrives from the server. */
    protected resetReceiveTimers(): void {
        if (this.unstableTimer !== null) {
            clearTimeout(this.unstableTimer);
        }

        if (this.timeoutTimer !== null) {
            clearTimeout(this.timeoutTimer);
        }

        if (this.currentState === 'unstable') {
            this.setState('open');
        }

        this.unstableTimer = setTimeout(() => {
            if (this.currentState === 'open') {
                this.setState('unstable');
            }
        }, this.options.unstableAfter);
        this.timeoutTimer = setTimeout(() => {
            this.close(new GuacamoleError(GuacamoleStatus.UPSTREAM_TIMEOUT, 'server timeout'));
        }, this.options.receiveTimeout);
    }

    private stopTimers(): void {
        if (this.pingTimer !== null) {
            clearInterval(this.pingTimer);
            this.pingTimer = null;
        }

        if (this.unstableTimer !== null) {
            clearTimeout(this.unstableTimer);
            this.unstableTimer = null;
        }

        if (this.timeoutTimer !== null) {
            clearTimeout(this.timeoutTimer);
            this.timeoutTimer = null;
        }
    }

    /** Routes one parsed instruction: internal ones (empty opcode) are handled here, the rest are emitted. */
    protected dispatch(opcode: string, args: string[]): void {
        if (opcode === '') {
            if (args[0] === 'ping' && args.length === 2) {
                const sent = Number(args[1]);
                const now = Date.now();
                if (Number.isFinite(sent) && sent <= now && now - sent < 3_600_000) {
                    this.emit('ping', now - sent);
                }

                return;
            }

            if (this.currentUuid === null && args.length === 1 && args[0] !== undefined && args[0] !== 'ping') {
                this.setUuid(args[0]);
                if (this.currentState === 'connecting') {
                    this.setState('open');
                }
            }

            return;
        }

        this.emit('instruction', opcode, args);
    }

    /** Closes the transport (subclass) and reports `error` when given, then `closed`. */
    protected close(error: GuacamoleError | null): void {
        if (this.currentState === 'closed') {
            return;
        }

        this.stopTimers();
        this.closeTransport();
        if (error !== null && error.status !== GuacamoleStatus.SUCCESS) {
            this.emit('error', error);
        }

        this.setState('closed');
    }

    protected abstract closeTransport(): void;
}
