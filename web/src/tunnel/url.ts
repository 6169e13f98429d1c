/** Resolves a tunnel URL against the page; `ws` turns http(s) into ws(s). */
export function resolveTunnelUrl(url: string, websocket: boolean): string {
    const base = typeof location === 'undefined' ? 'http://localhost/' : location.href;
    const resolved = new URL(url, base);
    if (websocket) {
        if (resolved.protocol === 'http:') {
            resolved.protocol = 'ws:';
        } else if (resolved.protocol === 'https:') {
            resolved.protocol = 'wss:';
        }
    }

    return resolved.toString();
}
