import { parseParentMessage, type EmbedEvent } from './embed-protocol';
import type { SessionView } from './session-view';

const tokenRequestTimeoutMs = 60_000;

/**
 * Iframe mode: reports the view's events to the parent page with postMessage, only to `targetOrigin`, and answers
 * token requests with tokens the parent posts back (messages from other windows or origins are ignored).
 */
export class IframeBridge {
    private waiting: { resolve: (token: string) => void; reject: (error: Error) => void; timer: ReturnType<typeof setTimeout> } | null = null;
    private readonly onMessage = (event: MessageEvent): void => this.receive(event);
    private view: SessionView | null = null;

    constructor(private readonly parent: Window, private readonly targetOrigin: string) {
        window.addEventListener('message', this.onMessage);
    }

    /** Forwards `view`'s events to the parent. */
    attach(view: SessionView): void {
        this.view = view;
        view.on('connected', () => this.post({ source: 'gateway', type: 'connected' }));
        view.on('disconnected', (status, message) => this.post({ source: 'gateway', type: 'disconnected', status, message }));
        view.on('error', (status, message, retryable) => this.post({ source: 'gateway', type: 'error', status, message, retryable }));
        view.on('clipboard', (text) => this.post({ source: 'gateway', type: 'clipboard', text }));
    }

    /** The token provider for iframe mode: posts `token-request` and waits for the parent's `token`. */
    requestToken = (): Promise<string> => {
        this.waiting?.reject(new Error('superseded'));
        return new Promise<string>((resolve, reject) => {
            const timer = setTimeout(() => {
                this.waiting = null;
                reject(new Error('no token'));
            }, tokenRequestTimeoutMs);
            this.waiting = { resolve, reject, timer };
            this.post({ source: 'gateway', type: 'token-request' });
        });
    };

    private post(message: EmbedEvent): void {
        this.parent.postMessage(message, this.targetOrigin);
    }

    private receive(event: MessageEvent): void {
        if (event.source !== this.parent || event.origin !== this.targetOrigin) {
            return;
        }

        const message = parseParentMessage(event.data);
        if (message === null) {
            return;
        }

        if (message.type === 'token') {
            const waiting = this.waiting;
            if (waiting !== null) {
                this.waiting = null;
                clearTimeout(waiting.timer);
                waiting.resolve(message.token);
            } else {
                this.view?.connectWith(message.token);
            }
        } else {
            this.view?.disconnect();
        }
    }
}
