/**
 * Messages between an embedded session (iframe mode, `/session?token=...&embed=1`) and its parent page, sent with
 * `postMessage`. Every message is an object with a `type` and a `source: 'gateway'` marker. The token is never
 * posted to the parent; the parent posts tokens to the session only in answer to `token-request`.
 */
export type EmbedEvent =
    | { readonly source: 'gateway'; readonly type: 'connected' }
    | { readonly source: 'gateway'; readonly type: 'disconnected'; readonly status: number; readonly message: string }
    | { readonly source: 'gateway'; readonly type: 'error'; readonly status: number; readonly message: string; readonly retryable: boolean }
    | { readonly source: 'gateway'; readonly type: 'clipboard'; readonly text: string }
    | { readonly source: 'gateway'; readonly type: 'token-request' };

/** What a parent may send: a fresh connect token (answering `token-request`), or a request to disconnect. */
export type ParentMessage =
    | { readonly type: 'token'; readonly token: string }
    | { readonly type: 'disconnect' };

/** Connect tokens are compact strings (base64url segments and dots); anything else is refused. */
const tokenPattern = /^[A-Za-z0-9._~+/=-]{1,8192}$/;

/** Validates data received from the parent window; null when it is not a message this protocol knows. */
export function parseParentMessage(data: unknown): ParentMessage | null {
    if (typeof data !== 'object' || data === null) {
        return null;
    }

    const record = data as Record<string, unknown>;
    if (record.type === 'token' && typeof record.token === 'string' && tokenPattern.test(record.token)) {
        return { type: 'token', token: record.token };
    }

    if (record.type === 'disconnect') {
        return { type: 'disconnect' };
    }

    return null;
}

/**
 * The origin to post events to: the `origin` URL parameter when it is a valid http(s) origin, else the embedding
 * page's origin when the browser tells it (`location.ancestorOrigins`), else null (nothing is posted).
 */
export function resolveParentOrigin(parameter: string | null, ancestorOrigins: readonly string[] | null): string | null {
    const candidate = parameter ?? ancestorOrigins?.[0] ?? null;
    if (candidate === null || candidate === '') {
        return null;
    }

    try {
        const url = new URL(candidate);
        if ((url.protocol === 'http:' || url.protocol === 'https:') && url.origin === candidate.replace(/\/$/, '')) {
            return url.origin;
        }
    } catch {
        return null;
    }

    return null;
}
