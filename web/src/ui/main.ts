// Entry point of the web application (dist/main.js): `/` shows the start page, `/session?token=...` a session.
// `/session?token=...&embed=1[&origin=https://portal.example]` is the iframe mode (events go to the parent page).
import { resolveParentOrigin } from './embed-protocol';
import { IframeBridge } from './iframe-bridge';
import { SessionView } from './session-view';
import { renderStartPage } from './start-page';

function main(): void {
    const app = document.getElementById('app') ?? document.body;
    const url = new URL(window.location.href);
    if (url.pathname.replace(/\/+$/, '') === '/session') {
        openSession(app, url);
    } else {
        renderStartPage(app, url.origin);
    }
}

function openSession(app: HTMLElement, url: URL): void {
    const token = url.searchParams.get('token') ?? '';
    const embedded = url.searchParams.get('embed') === '1';
    const scaling = url.searchParams.get('scaling') === 'native' ? 'native' : 'fit';
    // The token is one-time: keep it out of the address bar, history and any later reload.
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url.pathname + (url.search === '?' ? '' : url.search) + url.hash);
    document.documentElement.classList.add('gw-session-page');

    let bridge: IframeBridge | null = null;
    if (embedded && window.parent !== window) {
        const ancestors = window.location.ancestorOrigins === undefined ? null : Array.from(window.location.ancestorOrigins);
        const origin = resolveParentOrigin(url.searchParams.get('origin'), ancestors);
        if (origin !== null) {
            bridge = new IframeBridge(window.parent, origin);
        }
    }

    const view = new SessionView({
        token,
        tokenProvider: bridge?.requestToken,
        scaling,
        startPageUrl: embedded ? undefined : '/',
    });
    bridge?.attach(view);
    app.replaceChildren();
    view.mount(app);
    view.start(); // without a token and a provider this shows "No connect link"

    window.addEventListener('pagehide', () => view.destroy());
}

main();
