import { SessionView, type SessionViewEvents } from './session-view';
import type { ScalingMode } from './scaling';

/** Detail of the `gateway-token-request` event: call `respondWith` with a token (or a promise of one). */
export interface TokenRequestDetail {
    respondWith(token: string | Promise<string>): void;
}

const tokenRequestTimeoutMs = 60_000;

/**
 * `<gateway-session token="..." server="https://gateway.example" scaling="fit">`: the session view in a shadow root.
 * Events (bubbling, composed CustomEvents): `gateway-connected`, `gateway-disconnected` {status, message},
 * `gateway-error` {status, message, retryable}, `gateway-clipboard` {text}, `gateway-token-request` {respondWith}.
 * Reconnects need fresh tokens: set the `tokenProvider` property (async () => token) or answer
 * `gateway-token-request`. The `token` attribute is read and then removed, so the token does not linger in the DOM;
 * setting it again starts a new session.
 */
export class GatewaySessionElement extends HTMLElement {
    static readonly observedAttributes = ['token', 'scaling'];

    /** Supplies a fresh connect token for each reconnect; when null the element fires `gateway-token-request`. */
    tokenProvider: (() => Promise<string>) | null = null;
    private view: SessionView | null = null;
    private pendingToken: string | null = null;

    /** The session view (null while the element is not in a document). */
    get session(): SessionView | null {
        return this.view;
    }

    connectedCallback(): void {
        if (this.view !== null) {
            return;
        }

        const root = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
        const hostStyle = document.createElement('style');
        hostStyle.textContent = ':host { display: block; position: relative; min-height: 240px; } :host([hidden]) { display: none; }';
        root.replaceChildren(hostStyle);
        const token = this.pendingToken ?? this.takeTokenAttribute();
        this.pendingToken = null;
        const view = new SessionView({
            token: token ?? undefined,
            tokenProvider: () => this.requestToken(),
            server: this.getAttribute('server') ?? defaultServer(),
            scaling: parseScaling(this.getAttribute('scaling')),
        });
        this.view = view;
        view.mount(root);
        this.forward(view);
        view.start();
    }

    disconnectedCallback(): void {
        this.view?.destroy();
        this.view = null;
    }

    attributeChangedCallback(name: string, _old: string | null, value: string | null): void {
        if (name === 'scaling' && this.view !== null) {
            this.view.scaling = parseScaling(value);
        } else if (name === 'token' && value !== null && value !== '') {
            this.removeAttribute('token');
            if (this.view === null) {
                this.pendingToken = value;
            } else {
                this.view.connectWith(value);
            }
        }
    }

    /** Closes the session. */
    disconnect(): void {
        this.view?.disconnect();
    }

    private takeTokenAttribute(): string | null {
        const token = this.getAttribute('token');
        if (token !== null) {
            this.removeAttribute('token');
        }

        return token === '' ? null : token;
    }

    private async requestToken(): Promise<string> {
        if (this.tokenProvider !== null) {
            return this.tokenProvider();
        }

        return new Promise<string>((resolve, reject) => {
            let answered = false;
            const timer = setTimeout(() => {
                if (!answered) {
                    answered = true;
                    reject(new Error('no token'));
                }
            }, tokenRequestTimeoutMs);
            const detail: TokenRequestDetail = {
                respondWith: (token) => {
                    if (answered) {
                        return;
                    }

                    answered = true;
                    clearTimeout(timer);
                    Promise.resolve(token).then(resolve, reject);
                },
            };
            this.dispatchEvent(new CustomEvent('gateway-token-request', { detail, bubbles: true, composed: true }));
        });
    }

    private forward(view: SessionView): void {
        const fire = <K extends keyof SessionViewEvents>(name: K, type: string, detail: (...args: SessionViewEvents[K]) => object): void => {
            view.on(name, (...args: SessionViewEvents[K]) => {
                this.dispatchEvent(new CustomEvent(type, { detail: detail(...args), bubbles: true, composed: true }));
            });
        };
        fire('connected', 'gateway-connected', () => ({}));
        fire('disconnected', 'gateway-disconnected', (status, message) => ({ status, message }));
        fire('error', 'gateway-error', (status, message, retryable) => ({ status, message, retryable }));
        fire('clipboard', 'gateway-clipboard', (text) => ({ text }));
    }
}

function parseScaling(value: string | null): ScalingMode {
    return value === 'native' || value === '1:1' ? 'native' : 'fit';
}

/** The gateway that served this script: the element's default `server`. */
function defaultServer(): string {
    try {
        return new URL('/', import.meta.url).toString();
    } catch {
        return location.origin;
    }
}

/** Registers `<gateway-session>` once. */
export function defineGatewaySession(registry: CustomElementRegistry = customElements): void {
    if (registry.get('gateway-session') === undefined) {
        registry.define('gateway-session', GatewaySessionElement);
    }
}
