/** The start page: until sign-in and the connection list exist, it explains how to open a session with a token. */
export function renderStartPage(root: HTMLElement, origin: string): void {
    root.replaceChildren();
    const main = document.createElement('main');
    main.className = 'start';
    main.innerHTML = `
        <h1>Gateway</h1>
        <p>Gateway opens remote desktops and terminals (VNC, RDP, SSH) in this browser. A session starts from a
        <strong>connect link</strong>: <code>${escapeHtml(origin)}/session?token=…</code>. Your portal gives you such a
        link; a token can be used once and expires after a few minutes.</p>
        <h2>Open a session with a token</h2>
        <form id="token-form">
            <label for="token-input" class="muted">Connect token</label>
            <input id="token-input" name="token" autocomplete="off" spellcheck="false" required
                   aria-describedby="token-help">
            <button class="primary" type="submit">Connect</button>
        </form>
        <p id="token-help" class="muted">An administrator mints a token on the gateway host:</p>
        <pre>dotnet run --project src/Gateway.Server -- token --protocol vnc --param hostname=127.0.0.1 --param port=5901</pre>
        <p class="muted">Portals mint tokens themselves (see docs/TOKENS.md) and can embed a session with
        <code>&lt;gateway-session token="…"&gt;</code> or an iframe on <code>/session?token=…&amp;embed=1</code>.</p>`;
    root.append(main);
    const form = main.querySelector<HTMLFormElement>('#token-form');
    const input = main.querySelector<HTMLInputElement>('#token-input');
    form?.addEventListener('submit', (event) => {
        event.preventDefault();
        const token = input?.value.trim() ?? '';
        if (token !== '') {
            window.location.assign(`/session?token=${encodeURIComponent(token)}`);
        }
    });
}

/** Escapes text for use inside HTML. */
export function escapeHtml(text: string): string {
    return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
