import { GuacamoleStatus, type GuacamoleStatusName } from '../protocol/status';

/** What the status overlay says about a Guacamole status code. */
export interface StatusMessage {
    /** Short heading, e.g. "Remote computer unreachable". */
    readonly title: string;
    /** One or two sentences for the user: what happened and what they can do. */
    readonly detail: string;
    /** True when trying again may help without anyone changing anything (the reconnect countdown runs). */
    readonly retryable: boolean;
}

/** One entry per status the protocol defines (GUACAMOLE.md §1.9); the tests check none is missing. */
export const statusMessages: Readonly<Record<GuacamoleStatusName, StatusMessage>> = {
    SUCCESS: {
        title: 'Session ended',
        detail: 'The remote session was closed.',
        retryable: false,
    },
    UNSUPPORTED: {
        title: 'Not supported',
        detail: 'The remote side does not support what was asked of it.',
        retryable: false,
    },
    SERVER_ERROR: {
        title: 'Gateway error',
        detail: 'The gateway ran into an internal problem. Trying again usually helps.',
        retryable: true,
    },
    SERVER_BUSY: {
        title: 'Gateway unavailable',
        detail: 'The gateway is busy or restarting. The session can be opened again in a moment.',
        retryable: true,
    },
    UPSTREAM_TIMEOUT: {
        title: 'Remote computer not answering',
        detail: 'The remote computer took too long to answer.',
        retryable: true,
    },
    UPSTREAM_ERROR: {
        title: 'Remote computer error',
        detail: 'The remote computer reported an error and ended the session.',
        retryable: true,
    },
    RESOURCE_NOT_FOUND: {
        title: 'Connection not found',
        detail: 'This connection does not exist. A connect link works once and expires after a few minutes: ask your portal for a new one.',
        retryable: false,
    },
    RESOURCE_CONFLICT: {
        title: 'Connection in use',
        detail: 'This connection is already in use and cannot be shared.',
        retryable: false,
    },
    RESOURCE_CLOSED: {
        title: 'Connection closed',
        detail: 'This connection has already been closed.',
        retryable: false,
    },
    UPSTREAM_NOT_FOUND: {
        title: 'Connection lost',
        detail: 'The gateway or the remote computer could not be reached.',
        retryable: true,
    },
    UPSTREAM_UNAVAILABLE: {
        title: 'Remote computer unavailable',
        detail: 'The remote computer refused the connection or is not accepting sessions.',
        retryable: true,
    },
    SESSION_CONFLICT: {
        title: 'Session taken over',
        detail: 'This session was closed because it conflicts with another one.',
        retryable: false,
    },
    SESSION_TIMEOUT: {
        title: 'Session timed out',
        detail: 'The session was closed after a period of inactivity.',
        retryable: false,
    },
    SESSION_CLOSED: {
        title: 'Session closed',
        detail: 'The session was closed, by an administrator or by the remote computer.',
        retryable: false,
    },
    CLIENT_BAD_REQUEST: {
        title: 'Request rejected',
        detail: 'The gateway did not accept what this browser sent, or the connect link is malformed.',
        retryable: false,
    },
    CLIENT_UNAUTHORIZED: {
        title: 'Not signed in',
        detail: 'The credentials or the connect link were not accepted.',
        retryable: false,
    },
    CLIENT_FORBIDDEN: {
        title: 'Access denied',
        detail: 'You are not allowed to open this connection.',
        retryable: false,
    },
    CLIENT_TIMEOUT: {
        title: 'Browser too slow',
        detail: 'This browser stopped responding in time and the gateway closed the session.',
        retryable: false,
    },
    CLIENT_OVERRUN: {
        title: 'Too much data',
        detail: 'This browser sent more data than the gateway accepts.',
        retryable: false,
    },
    CLIENT_BAD_TYPE: {
        title: 'Unsupported data',
        detail: 'This browser sent data of a type the gateway does not accept.',
        retryable: false,
    },
    CLIENT_TOO_MANY: {
        title: 'Too many sessions',
        detail: 'You have too many sessions open. Close one and try again.',
        retryable: false,
    },
};

/** Formats a status code as the protocol writes it in documentation, e.g. `0x0207`. */
export function formatStatusCode(code: number): string {
    return `0x${(code >>> 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * The message for `code`. Codes the protocol does not define get a generic message by class: 0x02xx server-side
 * (retryable), 0x03xx client-side (not retryable).
 */
export function statusMessage(code: number): StatusMessage {
    for (const name of Object.keys(GuacamoleStatus) as GuacamoleStatusName[]) {
        if (GuacamoleStatus[name] === code) {
            return statusMessages[name];
        }
    }

    if (code >= 0x0200 && code < 0x0300) {
        return { title: 'Gateway error', detail: `The session failed on the gateway side (status ${formatStatusCode(code)}).`, retryable: true };
    }

    return { title: 'Session failed', detail: `The session failed (status ${formatStatusCode(code)}).`, retryable: false };
}
