import { statusName } from './status';

/** A failure that carries a Guacamole status code; what the client's `error` event reports. */
export class GuacamoleError extends Error {
    readonly status: number;

    constructor(status: number, message: string) {
        super(message);
        this.name = 'GuacamoleError';
        this.status = status;
    }

    /** The status name, e.g. `CLIENT_BAD_REQUEST`, or `UNKNOWN`. */
    get statusName(): string {
        return statusName(this.status) ?? 'UNKNOWN';
    }
}

/** Malformed or oversized protocol input (status CLIENT_BAD_REQUEST or CLIENT_OVERRUN). */
export class ProtocolError extends GuacamoleError {
    constructor(status: number, message: string) {
        super(status, message);
        this.name = 'ProtocolError';
    }
}
