/** Guacamole status codes (the protocol's numeric values). */
export const GuacamoleStatus = {
    SUCCESS: 0x0000,
    UNSUPPORTED: 0x0100,
    SERVER_ERROR: 0x0200,
    SERVER_BUSY: 0x0201,
    UPSTREAM_TIMEOUT: 0x0202,
    UPSTREAM_ERROR: 0x0203,
    RESOURCE_NOT_FOUND: 0x0204,
    RESOURCE_CONFLICT: 0x0205,
    RESOURCE_CLOSED: 0x0206,
    UPSTREAM_NOT_FOUND: 0x0207,
    UPSTREAM_UNAVAILABLE: 0x0208,
    SESSION_CONFLICT: 0x0209,
    SESSION_TIMEOUT: 0x020a,
    SESSION_CLOSED: 0x020b,
    CLIENT_BAD_REQUEST: 0x0300,
    CLIENT_UNAUTHORIZED: 0x0301,
    CLIENT_FORBIDDEN: 0x0303,
    CLIENT_TIMEOUT: 0x0308,
    CLIENT_OVERRUN: 0x030d,
    CLIENT_BAD_TYPE: 0x030f,
    CLIENT_TOO_MANY: 0x031d,
} as const;

/** Name of a Guacamole status, e.g. `CLIENT_BAD_REQUEST`. */
export type GuacamoleStatusName = keyof typeof GuacamoleStatus;

const names = new Map<number, GuacamoleStatusName>(
    (Object.keys(GuacamoleStatus) as GuacamoleStatusName[]).map((name) => [GuacamoleStatus[name], name]),
);

/** The status name of `code`, or `undefined` when the code is not a defined status. */
export function statusName(code: number): GuacamoleStatusName | undefined {
    return names.get(code);
}

/** True for SUCCESS and any other non-error code below 0x0100. */
export function isSuccess(code: number): boolean {
    return code >= 0 && code < 0x0100;
}

/** Parses a decimal status argument; anything that is not an integer becomes SERVER_ERROR. */
export function parseStatus(text: string | undefined): number {
    if (text === undefined || !/^-?\d{1,10}$/.test(text)) {
        return GuacamoleStatus.SERVER_ERROR;
    }

    return Number(text);
}

/** Status for a failed HTTP tunnel response without a Guacamole-Status-Code header. */
export function statusFromHttp(httpStatus: number): number {
    switch (httpStatus) {
        case 400: return GuacamoleStatus.CLIENT_BAD_REQUEST;
        case 403: return GuacamoleStatus.CLIENT_FORBIDDEN;
        case 404: return GuacamoleStatus.RESOURCE_NOT_FOUND;
        case 408: return GuacamoleStatus.CLIENT_TIMEOUT;
        case 409: return GuacamoleStatus.RESOURCE_CONFLICT;
        case 413: return GuacamoleStatus.CLIENT_OVERRUN;
        case 415: return GuacamoleStatus.CLIENT_BAD_TYPE;
        case 429: return GuacamoleStatus.CLIENT_TOO_MANY;
        case 502: return GuacamoleStatus.UPSTREAM_ERROR;
        case 503: return GuacamoleStatus.SERVER_BUSY;
        case 504: return GuacamoleStatus.UPSTREAM_TIMEOUT;
        default: return GuacamoleStatus.SERVER_ERROR;
    }
}

/**
 * Status for a WebSocket close. Our server puts the exact status in the close reason as a decimal number;
 * without one the close code is mapped.
 */
export function statusFromWebSocketClose(code: number, reason: string): number {
    if (/^\d{1,5}$/.test(reason)) {
        const fromReason = Number(reason);
        if (names.has(fromReason)) {
            return fromReason;
        }
    }

    switch (code) {
        case 1000: return GuacamoleStatus.SUCCESS;
        case 1001: return GuacamoleStatus.UPSTREAM_NOT_FOUND;
        case 1002: return GuacamoleStatus.CLIENT_BAD_REQUEST;
        case 1003: return GuacamoleStatus.CLIENT_BAD_TYPE;
        case 1007: return GuacamoleStatus.CLIENT_BAD_REQUEST;
        case 1008: return GuacamoleStatus.CLIENT_FORBIDDEN;
        case 1009: return GuacamoleStatus.CLIENT_OVERRUN;
        case 1013: return GuacamoleStatus.SERVER_BUSY;
        case 1006: return GuacamoleStatus.UPSTREAM_NOT_FOUND; // closed without a close frame: connection lost
        default: return GuacamoleStatus.SERVER_ERROR;
    }
}
