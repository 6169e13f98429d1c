import { GuacamoleError, ProtocolError } from '../protocol/errors';
import { ByteInstructionParser } from '../protocol/byteParser';
import { GuacamoleStatus, parseStatus, statusFromHttp } from '../protocol/status';
import { encodeInstruction, type ElementValue } from '../protocol/writer';
import type { Tunnel, TunnelOptions } from './tunnel';
import { TunnelBase } from './tunnelBase';
import { resolveTunnelUrl } from './url';

/** Options of {@link HttpTunnel}. */
export interface HttpTunnelOptions extends TunnelOptions {
    /** The fetch function (tests pass a fake). */
    readonly fetch?: typeof fetch;
    /** Extra headers for every request. */
    readonly headers?: Readonly<Record<string, string>>;
}

const tokenHeader = 'Guacamole-Tunnel-Token';
const statusHeader = 'Guacamole-Status-Code';
const messageHeader = 'Guacamole-Error-Message';

/**
 * The Guacamole HTTP tunnel: `POST ?connect` (form data) returns the UUID and a tunnel token header; `GET
 * ?read:<uuid>:<n>` streams instructions ending with `0.;`, after which the next read starts; `POST ?write:<uuid>`
 * carries queued instructions, one request at a time.
 */
export class HttpTunnel extends TunnelBase implements Tunnel {
    private readonly url: string;
    private readonly fetchFn: typeof fetch;
    private readonly headers: Readonly<Record<string, string>>;
    private tunnelToken = '';
    private readCount = 0;
    private outbound: string[] = [];
    private writing = false;
    private abort = new AbortController();
    private parser = new ByteInstructionParser();

    constructor(url: string, options: HttpTunnelOptions = {}) {
        super(options);
        this.url = resolveTunnelUrl(url, false);
        this.fetchFn = options.fetch ?? globalThis.fetch.bind(globalThis);
        this.headers = options.headers ?? {};
    }

    connect(data: string): void {
        if (this.state !== 'closed') {
            throw new Error('tunnel already connecting or open');
        }

        this.abort = new AbortController();
        this.parser = new ByteInstructionParser();
        this.readCount = 0;
        this.outbound = [];
        this.writing = false;
        this.setState('connecting');
        this.startTimers();
        void this.open(data);
    }

    sendMessage(opcode: string, ...args: ElementValue[]): void {
        if (!this.isUsable) {
            return;
        }

        this.outbound.push(encodeInstruction(opcode, args));
        if (!this.writing) {
            void this.flushWrites();
        }
    }

    protected closeTransport(): void {
        this.abort.abort();
        this.outbound = [];
    }

    private address(query: string): string {
        return `${this.url}?${query}`;
    }

    private async failed(response: Response): Promise<GuacamoleError> {
        const header = response.headers.get(statusHeader);
        const status = header !== null ? parseStatus(header) : statusFromHttp(response.status);
        const message = response.headers.get(messageHeader) ?? `http ${response.status}`;
        try {
            await response.body?.cancel();
        } catch {
            // nothing to release
        }

        return new GuacamoleError(status, message);
    }

    private async open(data: string): Promise<void> {
        const signal = this.abort.signal;
        try {
            const response = await this.fetchFn(this.address('connect'), {
                method: 'POST',
                headers: { ...this.headers, 'Content-Type': 'application/x-www-form-urlencoded; charset=UTF-8' },
                body: data,
                signal,
                cache: 'no-store',
            });
            if (signal.aborted) {
                return;
            }

            if (!response.ok) {
                this.close(await this.failed(response));
                return;
            }

            this.tunnelToken = response.headers.get(tokenHeader) ?? '';
            const uuid = (await response.text()).trim();
            if (signal.aborted) {
                return;
            }

            this.setUuid(uuid);
            this.resetReceiveTimers();
            this.setState('open');
            void this.readLoop(signal);
        } catch (error) {
            if (!signal.aborted) {
                this.close(new GuacamoleError(GuacamoleStatus.UPSTREAM_NOT_FOUND, 'tunnel connect request failed'));
            }
        }
    }

    private async readLoop(signal: AbortSignal): Promise<void> {
        try {
            while (!signal.aborted) {
                const response = await this.fetchFn(this.address(`read:${this.uuid ?? ''}:${this.readCount++}`), {
                    method: 'GET',
                    headers: { ...this.headers, [tokenHeader]: this.tunnelToken },
                    signal,
                    cache: 'no-store',
                });
                if (!response.ok) {
                    this.close(await this.failed(response));
                    return;
                }

                if (response.body === null) {
                    this.close(new GuacamoleError(GuacamoleStatus.SERVER_ERROR, 'tunnel read returned no body'));
                    return;
                }

                let ended = false;
                const reader = response.body.getReader();
                for (;;) {
                    const { done, value } = await reader.read();
                    if (done || signal.aborted) {
                        break;
                    }

                    this.resetReceiveTimers();
                    this.parser.receive(value, (opcode, args) => {
                        if (opcode === '' && args.length === 0) {
                            ended = true; // end of this response; the next read follows
                        } else {
                            this.dispatch(opcode, args);
                        }
                    });
                    if (!this.isUsable) {
                        return;
                    }
                }

                if (!ended && !signal.aborted) {
                    this.close(new GuacamoleError(GuacamoleStatus.UPSTREAM_NOT_FOUND, 'tunnel response ended early'));
                    return;
                }
            }
        } catch (error) {
            if (signal.aborted) {
                return;
            }

            if (error instanceof ProtocolError) {
                this.close(error);
                return;
            }

            this.close(new GuacamoleError(GuacamoleStatus.UPSTREAM_NOT_FOUND, 'tunnel read failed'));
        }
    }

    private async flushWrites(): Promise<void> {
        const signal = this.abort.signal;
        this.writing = true;
        try {
            while (this.outbound.length > 0 && !signal.aborted) {
                const body = this.outbound.join('');
                this.outbound = [];
                const response = await this.fetchFn(this.address(`write:${this.uuid ?? ''}`), {
                    method: 'POST',
                    headers: { ...this.headers, [tokenHeader]: this.tunnelToken, 'Content-Type': 'application/octet-stream' },
                    body,
                    signal,
                    cache: 'no-store',
                });
                if (!response.ok) {
                    this.close(await this.failed(response));
                    return;
                }

                await response.body?.cancel();
            }
        } catch {
            if (!signal.aborted) {
                this.close(new GuacamoleError(GuacamoleStatus.UPSTREAM_NOT_FOUND, 'tunnel write failed'));
            }
        } finally {
            this.writing = false;
        }
    }
}
