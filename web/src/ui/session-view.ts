import { Client, type ClientState } from '../client/client';
import { buildConnectData } from '../client/connectData';
import { EventEmitter } from '../events';
import { Keyboard } from '../input/keyboard';
import { KeyboardLock } from '../input/keyboard-lock';
import { Mouse, type MouseState } from '../input/mouse';
import { OnScreenKeyboard } from '../input/on-screen-keyboard';
import { Touch } from '../input/touch';
import { GuacamoleError } from '../protocol/errors';
import { GuacamoleStatus } from '../protocol/status';
import { readBlob, readText } from '../streams/streams';
import { createDefaultTunnel } from '../tunnel/chainedTunnel';
import { focusableElements, formatBytes, h, safeFileName, uniquePrefix } from './dom';
import { Countdown, defaultReconnectPolicy, reconnectDelay, type ReconnectPolicy } from './reconnect';
import { computeScale, requestedDpi, requestedSize, type ScalingMode, toRemotePoint } from './scaling';
import { sessionStyles } from './session-styles';
import { formatStatusCode, statusMessage } from './status-messages';
import { TransferList, uploadFile } from './transfers';

/** Supplies a fresh one-time connect token (connect tokens cannot be reused, so every reconnect needs one). */
export type TokenProvider = () => Promise<string>;

/** Options of {@link SessionView}. */
export interface SessionViewOptions {
    /** The first connect token. Without it the view asks `tokenProvider` at once. */
    readonly token?: string | undefined;
    /** Fresh tokens for reconnects; without one the view never reconnects on its own. */
    readonly tokenProvider?: TokenProvider | undefined;
    /** The gateway's base URL (the tunnels are `websocket-tunnel` and `tunnel` under it). Default: this page's origin. */
    readonly server?: string | undefined;
    readonly scaling?: ScalingMode | undefined;
    readonly reconnectPolicy?: ReconnectPolicy | undefined;
    /** Shows a "Start page" button on final errors (the standalone page); embedded views leave it out. */
    readonly startPageUrl?: string | undefined;
    /** How long to wait after the last resize before sending `size` (ms, default 250). */
    readonly resizeDebounceMs?: number | undefined;
}

export type SessionViewEvents = {
    /** The first frame arrived. */
    connected: [];
    /** The session ended without an error (the user or the remote side closed it). */
    disconnected: [status: number, message: string];
    /** The session failed; `retryable` says whether a reconnect countdown runs. */
    error: [status: number, message: string, retryable: boolean];
    /** The remote clipboard changed. */
    clipboard: [text: string];
    state: [state: ViewState];
};

/** What the view shows: the `data-state` attribute of its root element. */
export type ViewState = 'idle' | 'connecting' | 'waiting' | 'connected' | 'reconnecting' | 'disconnected' | 'error';

const textMimetype = /^text\//;
const maxClipboardChars = 4 * 1024 * 1024;

/**
 * The session view: the remote display scaled into its container, keyboard/mouse/touch input, the status overlay
 * with reconnect countdown, the menu (Ctrl+Alt+Shift) with clipboard, scaling, fullscreen, on-screen keyboard,
 * upload and disconnect, and the file-transfer list. The standalone `/session` page, the iframe mode and the
 * `<gateway-session>` element all use it; it knows nothing about the remote protocol.
 */
export class SessionView extends EventEmitter<SessionViewEvents> {
    /** The view's root element (`.gw-session`). */
    readonly element: HTMLDivElement;
    private readonly options: SessionViewOptions;
    private readonly ids = uniquePrefix();
    private readonly viewport: HTMLDivElement;
    private readonly displayHost: HTMLDivElement;
    private readonly scaler: HTMLDivElement;
    private currentScale = 1;
    private readonly input: HTMLTextAreaElement;
    private readonly overlay: HTMLDivElement;
    private readonly overlayTitle: HTMLHeadingElement;
    private readonly overlayDetail: HTMLParagraphElement;
    private readonly overlayCode: HTMLParagraphElement;
    private readonly overlayActions: HTMLDivElement;
    private readonly overlaySpinner: HTMLDivElement;
    private readonly menu: HTMLDivElement;
    private readonly menuButton: HTMLButtonElement;
    private readonly clipboardText: HTMLTextAreaElement;
    private readonly fileInput: HTMLInputElement;
    private readonly fullscreenButton: HTMLButtonElement;
    private readonly oskButton: HTMLButtonElement;
    private readonly oskHost: HTMLDivElement;
    private readonly dropHint: HTMLDivElement;
    private readonly unstable: HTMLDivElement;
    private readonly transfers = new TransferList();
    private readonly keyboard = new Keyboard();
    private readonly keyboardLock: KeyboardLock;
    private readonly osk = new OnScreenKeyboard();
    private removeOsk: (() => void) | null = null;
    private readonly cleanups: (() => void)[] = [];
    private client: Client | null = null;
    private clientCleanups: (() => void)[] = [];
    private abort: AbortController | null = null;
    private state: ViewState = 'idle';
    private scalingMode: ScalingMode;
    private lastSize: { width: number; height: number } | null = null;
    private resizeTimer: ReturnType<typeof setTimeout> | null = null;
    private clipboardTimer: ReturnType<typeof setTimeout> | null = null;
    private countdown: Countdown | null = null;
    private attempts = 0;
    private lastError: GuacamoleError | null = null;
    private serverEnded = false;
    private userEnded = false;
    private lastRemoteClipboard = '';
    private lastSentClipboard = '';
    private menuReturnFocus: HTMLElement | null = null;
    private destroyed = false;
    private endedClient: Client | null = null;

    constructor(options: SessionViewOptions) {
        super();
        this.options = options;
        this.scalingMode = options.scaling ?? 'fit';
        const id = (name: string): string => this.ids + name;

        this.input = h('textarea', {
            class: 'gw-input', 'aria-label': 'Remote session: keyboard and mouse input go to the remote computer. Press Ctrl+Alt+Shift for the menu.',
            autocapitalize: 'off', autocomplete: 'off', spellcheck: 'false', 'data-gramm': 'false', rows: '1',
        });
        this.input.setAttribute('autocorrect', 'off');
        // The display is scaled by this wrapper, not with Display.setScale: that sizes the element to the scaled size
        // and then also transforms it, which scales twice.
        this.scaler = h('div', { class: 'gw-display-scaler' });
        this.displayHost = h('div', { class: 'gw-display-host' }, this.scaler, this.input);
        this.viewport = h('div', { class: 'gw-viewport' }, this.displayHost);

        this.overlayTitle = h('h2', { id: id('overlay-title') });
        this.overlayDetail = h('p', { id: id('overlay-detail') });
        this.overlayCode = h('p', { class: 'gw-overlay-code' });
        this.overlayActions = h('div', { class: 'gw-actions' });
        this.overlaySpinner = h('div', { class: 'gw-spinner', 'aria-hidden': 'true' });
        this.overlay = h('div', {
            class: 'gw-overlay', role: 'alertdialog', 'aria-modal': 'true', 'aria-labelledby': id('overlay-title'),
            'aria-describedby': id('overlay-detail'), 'aria-live': 'assertive',
        }, h('div', { class: 'gw-overlay-box' }, this.overlaySpinner, this.overlayTitle, this.overlayDetail, this.overlayCode, this.overlayActions));

        this.clipboardText = h('textarea', { id: id('clipboard'), class: 'gw-clipboard', spellcheck: 'false', 'aria-describedby': id('clipboard-hint') });
        this.fileInput = h('input', { type: 'file', multiple: true, hidden: true, 'aria-hidden': 'true', tabindex: '-1' });
        this.fullscreenButton = h('button', { type: 'button', 'aria-pressed': 'false' }, 'Full screen');
        this.oskButton = h('button', { type: 'button', 'aria-pressed': 'false' }, 'On-screen keyboard');
        const uploadButton = h('button', { type: 'button' }, 'Upload files…');
        const disconnectButton = h('button', { type: 'button', class: 'gw-disconnect' }, 'Disconnect');
        const closeButton = h('button', { type: 'button', class: 'gw-primary gw-menu-close' }, 'Close menu');
        const scaling = h('fieldset', {},
            h('legend', {}, 'Display size'),
            this.scalingChoice('fit', 'Fit to window'),
            this.scalingChoice('native', 'Actual size (1:1)'));
        this.menu = h('div', { class: 'gw-menu', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': id('menu-title'), hidden: true },
            h('h2', { id: id('menu-title') }, 'Session menu'),
            h('p', { class: 'gw-hint' }, 'Ctrl+Alt+Shift opens and closes this menu; Escape closes it.'),
            h('h3', {}, h('label', { for: id('clipboard') }, 'Clipboard')),
            this.clipboardText,
            h('p', { id: id('clipboard-hint'), class: 'gw-hint' }, 'Text here is the remote computer\'s clipboard: edit it to send text, or copy from it.'),
            scaling,
            h('h3', {}, 'Input and screen'),
            h('div', { class: 'gw-actions' }, this.fullscreenButton, this.oskButton, uploadButton, this.fileInput),
            h('h3', {}, 'Session'),
            h('div', { class: 'gw-actions' }, disconnectButton, closeButton));
        this.menuButton = h('button', { type: 'button', class: 'gw-menu-button', 'aria-haspopup': 'dialog', title: 'Menu (Ctrl+Alt+Shift)' }, 'Menu');
        this.oskHost = h('div', { class: 'gw-osk-host', hidden: true, role: 'group', 'aria-label': 'On-screen keyboard' });
        this.dropHint = h('div', { class: 'gw-drop-hint', hidden: true, 'aria-hidden': 'true' }, 'Drop files to upload them');
        this.unstable = h('div', { class: 'gw-unstable', role: 'status', hidden: true }, 'The connection is unstable: waiting for the gateway…');
        this.element = h('div', { class: 'gw-session', 'data-state': 'idle', 'data-scaling': this.scalingMode, role: 'application', 'aria-label': 'Remote session' },
            this.viewport, this.oskHost, this.menuButton, this.unstable, this.transfers.element, this.dropHint, this.overlay, this.menu);
        this.overlay.hidden = true;

        this.keyboardLock = new KeyboardLock({ target: this.keyboard });
        this.wireInput();
        this.wireMenu(uploadButton, disconnectButton, closeButton);
        this.wireDragAndDrop();
    }

    /** The current view state. */
    get viewState(): ViewState {
        return this.state;
    }

    /** The live client, if any (diagnostics and tests). */
    get currentClient(): Client | null {
        return this.client;
    }

    /** Inserts the view and its styles into `parent` (an element or a shadow root). */
    mount(parent: HTMLElement | ShadowRoot): void {
        const style = document.createElement('style');
        style.textContent = sessionStyles;
        parent.append(style, this.element);
        const observer = new ResizeObserver(() => this.onViewportResize());
        observer.observe(this.viewport);
        this.cleanups.push(() => observer.disconnect());
    }

    /** Connects with the initial token, or asks the token provider for one. */
    start(): void {
        const token = this.options.token;
        if (token !== undefined && token !== '') {
            this.connect(token);
        } else {
            void this.reconnect();
        }
    }

    /** Closes the session (the overlay offers to reconnect when a token provider exists). */
    disconnect(): void {
        this.cancelCountdown();
        this.userEnded = true;
        this.client?.disconnect();
    }

    /** Disconnects and removes the view. */
    destroy(): void {
        if (this.destroyed) {
            return;
        }

        this.destroyed = true;
        this.disconnect();
        this.dropClient();
        for (const cleanup of this.cleanups.splice(0)) {
            cleanup();
        }

        this.element.remove();
    }

    /** Starts a new session with `token` (e.g. a new token set on the custom element). */
    connectWith(token: string): void {
        this.cancelCountdown();
        const previous = this.client;
        this.dropClient(); // first, so the old session's end is not reported
        previous?.disconnect();
        this.attempts = 0;
        this.connect(token);
    }

    get scaling(): ScalingMode {
        return this.scalingMode;
    }

    set scaling(mode: ScalingMode) {
        this.scalingMode = mode;
        this.element.dataset.scaling = mode;
        for (const radio of this.menu.querySelectorAll<HTMLInputElement>('input[type="radio"]')) {
            radio.checked = radio.value === mode;
        }

        this.updateScale();
    }

    // ---- connection --------------------------------------------------------------------------------------------

    private connect(token: string): void {
        this.dropClient();
        this.lastError = null;
        this.serverEnded = false;
        this.userEnded = false;
        const base = this.options.server ?? (typeof location === 'undefined' ? 'http://localhost/' : location.origin);
        const tunnel = createDefaultTunnel(base);
        const client = new Client(tunnel);
        this.client = client;
        this.abort = new AbortController();
        const display = client.display;
        display.element.classList.add('gw-display');
        this.scaler.replaceChildren(display.element);
        this.clientCleanups = [
            client.on('state', (state) => this.onClientState(client, state)),
            tunnel.on('state', (state) => {
                this.unstable.hidden = state !== 'unstable';
            }),
            client.on('error', (error) => {
                if (error.status !== GuacamoleStatus.SUCCESS) {
                    this.lastError ??= error;
                }
            }),
            client.on('instruction', (opcode) => {
                if (opcode === 'disconnect') {
                    this.serverEnded = true;
                }
            }),
            client.on('clipboard', (stream, mimetype) => {
                if (!textMimetype.test(mimetype)) {
                    stream.ack('unsupported clipboard type', GuacamoleStatus.UNSUPPORTED);
                    return;
                }

                readText(stream, { maxBytes: maxClipboardChars * 4 }).then((text) => this.onRemoteClipboard(text), () => undefined);
            }),
            client.on('file', (stream, mimetype, filename) => this.download(stream, mimetype, filename)),
            client.on('required', (names) => this.askForParameters(client, names)),
            client.on('name', (name) => {
                this.element.setAttribute('aria-label', `Remote session: ${name}`);
            }),
            display.on('resize', () => this.updateScale()),
            display.on('frame', (applyMs, operations) => recordFrameMeasure(applyMs, operations)),
            display.on('cursor', () => {
                display.showCursor(true);
                this.element.dataset.remoteCursor = 'true';
            }),
        ];
        const view = this.viewSize();
        const dpr = devicePixelRatioNow();
        const size = requestedSize(view, dpr);
        this.lastSize = size;
        this.setState(this.attempts > 0 ? 'reconnecting' : 'connecting');
        this.showProgress(this.attempts > 0 ? 'Reconnecting…' : 'Connecting…', 'Opening the session.');
        try {
            client.connect(buildConnectData({ token, width: size.width, height: size.height, dpi: requestedDpi(dpr) }));
        } catch (error) {
            this.lastError = error instanceof GuacamoleError ? error : new GuacamoleError(GuacamoleStatus.SERVER_ERROR, String(error));
            this.onEnded(client);
        }
    }

    private onClientState(client: Client, state: ClientState): void {
        if (client !== this.client) {
            return;
        }

        if (state === 'waiting') {
            this.setState('waiting');
            this.showProgress('Connected', 'Waiting for the remote display…');
        } else if (state === 'connected') {
            this.attempts = 0;
            this.setState('connected');
            this.hideOverlay();
            this.updateScale();
            this.sendSizeIfChanged();
            this.focusInput();
            this.emit('connected');
        } else if (state === 'disconnected') {
            this.onEnded(client);
        }
    }

    private onEnded(client: Client): void {
        if (client !== this.client || this.endedClient === client) {
            return;
        }

        this.endedClient = client;

        this.abort?.abort();
        this.keyboard.releaseAll();
        this.unstable.hidden = true;
        if (this.destroyed) {
            return;
        }

        const canGetToken = this.options.tokenProvider !== undefined;
        if (this.userEnded) {
            this.setState('disconnected');
            this.showFinal('Disconnected', 'You closed the session.', null, canGetToken);
            this.emit('disconnected', GuacamoleStatus.SUCCESS, 'disconnected by the user');
            return;
        }

        const error = this.lastError;
        if (error === null && this.serverEnded) {
            const message = statusMessage(GuacamoleStatus.SUCCESS);
            this.setState('disconnected');
            this.showFinal(message.title, message.detail, null, canGetToken);
            this.emit('disconnected', GuacamoleStatus.SUCCESS, 'the session ended');
            return;
        }

        // No error and no disconnect from the server: the tunnel was lost.
        const status = error?.status ?? GuacamoleStatus.UPSTREAM_NOT_FOUND;
        const message = statusMessage(status);
        this.setState('error');
        this.attempts++;
        const delay = reconnectDelay(status, this.attempts, canGetToken, this.options.reconnectPolicy ?? defaultReconnectPolicy);
        this.emit('error', status, error?.message ?? 'connection lost', delay !== null);
        if (delay === null) {
            this.showFinal(message.title, message.detail, status, canGetToken);
            return;
        }

        this.showCountdown(message.title, message.detail, status, delay);
    }

    private async reconnect(): Promise<void> {
        this.cancelCountdown();
        const provider = this.options.tokenProvider;
        if (provider === undefined) {
            this.setState('error');
            this.showFinal('No connect link', 'This page was opened without a connect token.', null, false);
            this.emit('error', GuacamoleStatus.CLIENT_UNAUTHORIZED, 'no connect token', false);
            return;
        }

        this.setState('reconnecting');
        this.showProgress('Reconnecting…', 'Getting a new connect link.');
        let token: string;
        try {
            token = await provider();
        } catch {
            if (this.destroyed) {
                return;
            }

            this.setState('error');
            this.showFinal('Could not reconnect', 'No new connect link could be obtained. Try again, or reopen the session from your portal.', null, true);
            this.emit('error', GuacamoleStatus.CLIENT_UNAUTHORIZED, 'no connect token', false);
            return;
        }

        if (!this.destroyed) {
            this.connect(token);
        }
    }

    private dropClient(): void {
        for (const off of this.clientCleanups.splice(0)) {
            off();
        }

        this.abort?.abort();
        this.abort = null;
        if (this.client !== null) {
            this.client.display.element.remove();
            this.client = null;
        }

        delete this.element.dataset.remoteCursor;
    }

    private setState(state: ViewState): void {
        if (state !== this.state) {
            this.state = state;
            this.element.dataset.state = state;
            this.emit('state', state);
        }
    }

    // ---- overlay -----------------------------------------------------------------------------------------------

    private showProgress(title: string, detail: string): void {
        this.overlay.setAttribute('role', 'status');
        this.overlay.removeAttribute('aria-modal');
        this.overlaySpinner.hidden = false;
        this.overlayTitle.textContent = title;
        this.overlayDetail.textContent = detail;
        this.overlayCode.textContent = '';
        this.overlayActions.replaceChildren();
        this.overlay.hidden = false;
    }

    private showFinal(title: string, detail: string, status: number | null, offerReconnect: boolean): void {
        this.prepareAlert(title, detail, status);
        const buttons: HTMLButtonElement[] = [];
        if (offerReconnect) {
            const reconnect = h('button', { type: 'button', class: 'gw-primary gw-reconnect' }, 'Reconnect');
            reconnect.addEventListener('click', () => {
                this.attempts = 0; // the user asked: a fresh series of automatic attempts
                void this.reconnect();
            });
            buttons.push(reconnect);
        }

        if (this.options.startPageUrl !== undefined) {
            const start = h('button', { type: 'button', class: buttons.length === 0 ? 'gw-primary gw-start-page' : 'gw-start-page' }, 'Start page');
            const url = this.options.startPageUrl;
            start.addEventListener('click', () => window.location.assign(url));
            buttons.push(start);
        }

        this.overlayActions.replaceChildren(...buttons);
        this.overlay.hidden = false;
        buttons[0]?.focus();
    }

    private showCountdown(title: string, detail: string, status: number, seconds: number): void {
        this.prepareAlert(title, detail, status);
        const text = h('p', { class: 'gw-countdown', 'aria-live': 'off' });
        const now = h('button', { type: 'button', class: 'gw-primary gw-reconnect' }, 'Reconnect now');
        const cancel = h('button', { type: 'button', class: 'gw-cancel' }, 'Cancel');
        now.addEventListener('click', () => void this.reconnect());
        cancel.addEventListener('click', () => {
            this.cancelCountdown();
            this.showFinal(title, detail, status, true);
        });
        this.overlayDetail.after(text);
        this.overlayActions.replaceChildren(now, cancel);
        this.overlay.hidden = false;
        this.countdown = new Countdown(seconds, (remaining) => {
            text.textContent = `Reconnecting in ${remaining} second${remaining === 1 ? '' : 's'}…`;
        }, () => void this.reconnect());
        this.countdown.start();
        now.focus();
    }

    /** The server needs connection parameters (typically credentials): ask for them in the overlay. */
    private askForParameters(client: Client, names: readonly string[]): void {
        const wanted = names.filter((name) => /^[A-Za-z0-9_.-]{1,64}$/.test(name)).slice(0, 8);
        if (wanted.length === 0 || client !== this.client) {
            return;
        }

        this.prepareAlert('Sign in to the remote computer', 'The remote computer needs the following to continue.', null);
        this.overlay.setAttribute('role', 'dialog');
        const form = h('form', { class: 'gw-required' });
        const inputs: [string, HTMLInputElement][] = [];
        for (const name of wanted) {
            const id = `${this.ids}required-${name}`;
            const secret = /pass|secret|key|pin/i.test(name);
            const input = h('input', { id, name, type: secret ? 'password' : 'text', autocomplete: secret ? 'current-password' : 'username', spellcheck: 'false' });
            inputs.push([name, input]);
            form.append(h('label', { for: id, class: 'gw-field' }, parameterLabel(name), input));
        }

        const submit = h('button', { type: 'submit', class: 'gw-primary' }, 'Continue');
        form.append(h('div', { class: 'gw-actions' }, submit));
        form.addEventListener('submit', (event) => {
            event.preventDefault();
            if (client !== this.client) {
                return;
            }

            for (const [name, input] of inputs) {
                client.sendArgument(name, input.value);
                input.value = '';
            }

            this.showProgress('Signing in…', 'Waiting for the remote computer.');
        });
        this.overlayActions.replaceChildren(form);
        this.overlay.hidden = false;
        inputs[0]?.[1].focus();
    }

    private prepareAlert(title: string, detail: string, status: number | null): void {
        this.cancelCountdown();
        this.overlay.setAttribute('role', 'alertdialog');
        this.overlay.setAttribute('aria-modal', 'true');
        this.overlaySpinner.hidden = true;
        this.overlayTitle.textContent = title;
        this.overlayDetail.textContent = detail;
        this.overlayCode.textContent = status === null ? '' : `Status ${formatStatusCode(status)}`;
        this.overlay.querySelector('.gw-countdown')?.remove();
    }

    private hideOverlay(): void {
        this.cancelCountdown();
        this.overlay.hidden = true;
    }

    private cancelCountdown(): void {
        this.countdown?.cancel();
        this.countdown = null;
        this.overlay.querySelector('.gw-countdown')?.remove();
    }

    // ---- display size ------------------------------------------------------------------------------------------

    private viewSize(): { width: number; height: number } {
        const width = this.viewport.clientWidth;
        const height = this.viewport.clientHeight;
        return { width: width > 0 ? width : 1024, height: height > 0 ? height : 768 };
    }

    private updateScale(): void {
        const client = this.client;
        if (client === null) {
            return;
        }

        const display = client.display;
        const scale = computeScale(this.scalingMode, { width: display.width, height: display.height }, this.viewSize(), devicePixelRatioNow());
        this.currentScale = scale;
        this.scaler.style.transform = scale === 1 ? '' : `scale(${scale})`;
        this.displayHost.style.width = `${display.width * scale}px`;
        this.displayHost.style.height = `${display.height * scale}px`;
    }

    private onViewportResize(): void {
        this.updateScale();
        if (this.resizeTimer !== null) {
            clearTimeout(this.resizeTimer);
        }

        this.resizeTimer = setTimeout(() => {
            this.resizeTimer = null;
            this.sendSizeIfChanged();
        }, this.options.resizeDebounceMs ?? 250);
    }

    private sendSizeIfChanged(): void {
        const client = this.client;
        if (client === null || client.state !== 'connected') {
            return;
        }

        const size = requestedSize(this.viewSize(), devicePixelRatioNow());
        if (this.lastSize === null || size.width !== this.lastSize.width || size.height !== this.lastSize.height) {
            this.lastSize = size;
            client.sendSize(size.width, size.height);
        }
    }

    private toRemote = (clientX: number, clientY: number): { x: number; y: number } => {
        const client = this.client;
        if (client === null) {
            return { x: 0, y: 0 };
        }

        const rect = client.display.element.getBoundingClientRect();
        const point = toRemotePoint(clientX, clientY, rect, this.currentScale);
        return {
            x: Math.max(0, Math.min(client.display.width - 1, point.x)),
            y: Math.max(0, Math.min(client.display.height - 1, point.y)),
        };
    };

    // ---- input -------------------------------------------------------------------------------------------------

    private wireInput(): void {
        // Ctrl+Alt+Shift opens the menu. This listener is added before the Keyboard's, so the third modifier never
        // reaches the remote side; the two already pressed are released.
        const onKeyDown = (event: KeyboardEvent): void => {
            if ((event.key === 'Control' || event.key === 'Alt' || event.key === 'Shift') && event.ctrlKey && event.altKey && event.shiftKey) {
                event.preventDefault();
                event.stopImmediatePropagation();
                this.keyboard.releaseAll();
                this.openMenu();
            }
        };
        this.input.addEventListener('keydown', onKeyDown);
        this.cleanups.push(() => this.input.removeEventListener('keydown', onKeyDown));
        this.cleanups.push(this.keyboard.attach(this.input));
        this.keyboard.on('keydown', (keysym) => this.client?.sendKeyEvent(true, keysym));
        this.keyboard.on('keyup', (keysym) => this.client?.sendKeyEvent(false, keysym));
        this.osk.on('keydown', (keysym) => this.client?.sendKeyEvent(true, keysym));
        this.osk.on('keyup', (keysym) => this.client?.sendKeyEvent(false, keysym));

        const sendMouse = (state: MouseState): void => this.client?.sendMouseState(state);
        const mouse = new Mouse(this.toRemote, { focusTarget: this.input });
        mouse.on('mouse', sendMouse);
        this.cleanups.push(mouse.attach(this.input));
        const touch = new Touch(this.toRemote, {
            mode: 'direct', focusTarget: this.input,
            remoteSize: () => ({ width: this.client?.display.width ?? 0, height: this.client?.display.height ?? 0 }),
        });
        touch.on('mouse', sendMouse);
        this.cleanups.push(touch.attach(this.input));

        this.cleanups.push(this.keyboardLock.attach());
        this.keyboardLock.on('change', () => this.updateFullscreenButton());
        const onFullscreen = (): void => this.updateFullscreenButton();
        document.addEventListener('fullscreenchange', onFullscreen);
        this.cleanups.push(() => document.removeEventListener('fullscreenchange', onFullscreen));

        // Local clipboard → remote, automatically where the browser already granted clipboard-read.
        const onFocus = (): void => void this.pullLocalClipboard();
        this.input.addEventListener('focus', onFocus);
        window.addEventListener('focus', onFocus);
        this.cleanups.push(() => {
            this.input.removeEventListener('focus', onFocus);
            window.removeEventListener('focus', onFocus);
        });
    }

    private focusInput(): void {
        if (this.menu.hidden) {
            this.input.focus({ preventScroll: true });
        }
    }

    private updateFullscreenButton(): void {
        const active = document.fullscreenElement !== null;
        this.fullscreenButton.setAttribute('aria-pressed', String(active));
        this.fullscreenButton.textContent = active ? 'Leave full screen' : 'Full screen';
    }

    private async toggleFullscreen(): Promise<void> {
        try {
            if (document.fullscreenElement !== null) {
                await this.keyboardLock.exitFullscreen();
            } else {
                await this.keyboardLock.enterFullscreen(this.element);
            }
        } catch {
            // Fullscreen refused (iframe without allow="fullscreen", or no user gesture): nothing to do.
        }

        this.updateFullscreenButton();
    }

    private toggleOsk(): void {
        const show = this.oskHost.hidden;
        this.oskHost.hidden = !show;
        this.oskButton.setAttribute('aria-pressed', String(show));
        if (show) {
            this.removeOsk = this.osk.render(this.oskHost);
        } else {
            this.removeOsk?.();
            this.removeOsk = null;
        }
    }

    // ---- menu --------------------------------------------------------------------------------------------------

    private scalingChoice(mode: ScalingMode, label: string): HTMLLabelElement {
        const radio = h('input', { type: 'radio', name: `${this.ids}scaling`, value: mode });
        radio.checked = mode === this.scalingMode;
        radio.addEventListener('change', () => {
            if (radio.checked) {
                this.scaling = mode;
            }
        });
        return h('label', { class: 'gw-choice' }, radio, label);
    }

    /** True while the menu is open. */
    get menuOpen(): boolean {
        return !this.menu.hidden;
    }

    openMenu(): void {
        if (!this.menu.hidden) {
            return;
        }

        const active = this.element.getRootNode() instanceof ShadowRoot
            ? (this.element.getRootNode() as ShadowRoot).activeElement
            : document.activeElement;
        this.menuReturnFocus = active instanceof HTMLElement ? active : null;
        this.menu.hidden = false;
        this.menuButton.setAttribute('aria-expanded', 'true');
        this.clipboardText.focus();
    }

    closeMenu(): void {
        if (this.menu.hidden) {
            return;
        }

        this.flushClipboard();
        this.menu.hidden = true;
        this.menuButton.setAttribute('aria-expanded', 'false');
        const target = this.menuReturnFocus ?? this.input;
        this.menuReturnFocus = null;
        if (target === this.input || target === this.menuButton) {
            this.focusInput();
        } else {
            target.focus();
        }
    }

    private wireMenu(uploadButton: HTMLButtonElement, disconnectButton: HTMLButtonElement, closeButton: HTMLButtonElement): void {
        this.menuButton.addEventListener('click', () => (this.menu.hidden ? this.openMenu() : this.closeMenu()));
        closeButton.addEventListener('click', () => this.closeMenu());
        disconnectButton.addEventListener('click', () => {
            this.closeMenu();
            this.disconnect();
        });
        this.fullscreenButton.addEventListener('click', () => void this.toggleFullscreen());
        this.oskButton.addEventListener('click', () => this.toggleOsk());
        uploadButton.addEventListener('click', () => this.fileInput.click());
        this.fileInput.addEventListener('change', () => {
            const files = Array.from(this.fileInput.files ?? []);
            this.fileInput.value = '';
            void this.uploadAll(files);
        });
        this.menu.addEventListener('keydown', (event) => {
            if (event.key === 'Escape') {
                event.preventDefault();
                this.closeMenu();
            } else if (event.key === 'Tab') {
                this.trapFocus(event);
            } else if ((event.key === 'Control' || event.key === 'Alt' || event.key === 'Shift') && event.ctrlKey && event.altKey && event.shiftKey) {
                event.preventDefault();
                this.closeMenu();
            }
        });
        this.clipboardText.addEventListener('input', () => {
            if (this.clipboardTimer !== null) {
                clearTimeout(this.clipboardTimer);
            }

            this.clipboardTimer = setTimeout(() => this.flushClipboard(), 400);
        });
    }

    private trapFocus(event: KeyboardEvent): void {
        const focusable = focusableElements(this.menu);
        const first = focusable[0];
        const last = focusable[focusable.length - 1];
        if (first === undefined || last === undefined) {
            return;
        }

        const root = this.element.getRootNode() as Document | ShadowRoot;
        const active = root.activeElement;
        if (event.shiftKey && active === first) {
            event.preventDefault();
            last.focus();
        } else if (!event.shiftKey && active === last) {
            event.preventDefault();
            first.focus();
        }
    }

    // ---- clipboard ---------------------------------------------------------------------------------------------

    private flushClipboard(): void {
        if (this.clipboardTimer !== null) {
            clearTimeout(this.clipboardTimer);
            this.clipboardTimer = null;
        }

        const text = this.clipboardText.value;
        if (text !== this.lastSentClipboard && text !== this.lastRemoteClipboard) {
            this.sendClipboard(text);
        }
    }

    private sendClipboard(text: string): void {
        const client = this.client;
        if (client === null || client.state !== 'connected' || text.length > maxClipboardChars) {
            return;
        }

        this.lastSentClipboard = text;
        client.setClipboard(text);
    }

    private onRemoteClipboard(text: string): void {
        this.lastRemoteClipboard = text;
        this.lastSentClipboard = text;
        this.clipboardText.value = text;
        this.emit('clipboard', text);
        if (document.hasFocus() && navigator.clipboard !== undefined) {
            navigator.clipboard.writeText(text).catch(() => undefined);
        }
    }

    /** Reads the local clipboard when the browser already allows it (no prompt) and sends it if it changed. */
    private async pullLocalClipboard(): Promise<void> {
        if (this.client?.state !== 'connected' || navigator.clipboard === undefined || navigator.permissions === undefined) {
            return;
        }

        try {
            const permission = await navigator.permissions.query({ name: 'clipboard-read' as PermissionName });
            if (permission.state !== 'granted') {
                return;
            }

            const text = await navigator.clipboard.readText();
            if (text !== this.lastSentClipboard && text !== this.lastRemoteClipboard) {
                this.clipboardText.value = text;
                this.sendClipboard(text);
            }
        } catch {
            // Not allowed here (iframe without clipboard-read, unfocused document): the menu's panel is the fallback.
        }
    }

    // ---- files -------------------------------------------------------------------------------------------------

    private wireDragAndDrop(): void {
        let depth = 0;
        const hasFiles = (event: DragEvent): boolean => event.dataTransfer?.types.includes('Files') ?? false;
        this.element.addEventListener('dragenter', (event) => {
            if (hasFiles(event)) {
                event.preventDefault();
                depth++;
                this.dropHint.hidden = false;
            }
        });
        this.element.addEventListener('dragover', (event) => {
            if (hasFiles(event)) {
                event.preventDefault();
                if (event.dataTransfer !== null) event.dataTransfer.dropEffect = 'copy';
            }
        });
        this.element.addEventListener('dragleave', () => {
            depth = Math.max(0, depth - 1);
            if (depth === 0) this.dropHint.hidden = true;
        });
        this.element.addEventListener('drop', (event) => {
            event.preventDefault();
            depth = 0;
            this.dropHint.hidden = true;
            void this.uploadAll(Array.from(event.dataTransfer?.files ?? []));
        });
    }

    /** Uploads files one after another over `file` streams, each with a progress bar. */
    async uploadAll(files: readonly File[]): Promise<void> {
        for (const file of files) {
            const client = this.client;
            const item = this.transfers.add('upload', file.name);
            if (client === null || client.state !== 'connected') {
                item.fail('not connected');
                continue;
            }

            try {
                await uploadFile((mimetype, name) => client.createFileStream(mimetype, name), file,
                    (done, total) => item.update(done, total), { signal: this.abort?.signal ?? AbortSignal.abort() });
                item.finish(`Done (${formatBytes(file.size)})`);
            } catch (error) {
                item.fail(error instanceof GuacamoleError ? `Failed: ${statusMessage(error.status).title.toLowerCase()}` : 'Failed');
            }
        }
    }

    private download(stream: Parameters<typeof readBlob>[0], mimetype: string, filename: string): void {
        const name = safeFileName(filename);
        const item = this.transfers.add('download', name);
        let received = 0;
        const signal = this.abort?.signal;
        stream.on('blob', (data) => {
            received += data.length;
            item.update(received, null);
        });
        readBlob(stream, mimetype === '' ? 'application/octet-stream' : mimetype, { maxBytes: 1024 * 1024 * 1024 }).then((blob) => {
            if (signal === undefined || signal.aborted) {
                item.fail('Failed: the session ended'); // the stream was cut short
                return;
            }

            const url = URL.createObjectURL(blob);
            const link = h('a', { href: url, download: name });
            link.click();
            setTimeout(() => URL.revokeObjectURL(url), 60_000);
            item.finish(`Saved (${formatBytes(blob.size)})`);
        }, () => item.fail('Failed: too large'));
    }
}

/** A readable label for a Guacamole parameter name (`password` → Password, `domain-name` → Domain name). */
function parameterLabel(name: string): string {
    const words = name.replace(/[-_.]+/g, ' ').trim();
    return words.charAt(0).toUpperCase() + words.slice(1);
}

function devicePixelRatioNow(): number {
    return typeof window === 'undefined' ? 1 : window.devicePixelRatio || 1;
}

/**
 * When the page sets `globalThis.gatewayPerformanceMarks = true` (a measurement harness does, before the shell
 * loads), every applied frame becomes a `gateway-frame` performance measure spanning its apply time, with the
 * number of drawing operations as detail. Off by default: user-timing entries are kept until cleared, so an
 * ordinary long session must not accumulate them.
 */
function recordFrameMeasure(applyMs: number, operations: number): void {
    if ((globalThis as { gatewayPerformanceMarks?: unknown }).gatewayPerformanceMarks !== true) {
        return;
    }

    const end = performance.now();
    performance.measure('gateway-frame', { start: end - applyMs, end, detail: { operations } });
}
