// Fullscreen with Keyboard Lock: while the display is fullscreen, ask the browser to deliver system shortcuts
// (Escape, Alt+Tab, Ctrl+W, ...) to the page so they reach the remote desktop. Where navigator.keyboard is missing the
// helper still does fullscreen and reports `active` false.

import { InputEmitter } from './emitter';

/** The parts of navigator.keyboard (Keyboard Lock API) used here. */
export interface KeyboardLockApi {
    lock(keyCodes?: string[]): Promise<void>;
    unlock(): void;
}

/** The parts of Document used here; injectable for tests. */
export interface FullscreenDocument {
    readonly fullscreenElement: Element | null;
    exitFullscreen(): Promise<void>;
    addEventListener(type: 'fullscreenchange', listener: () => void): void;
    removeEventListener(type: 'fullscreenchange', listener: () => void): void;
}

export interface KeyboardLockEvents {
    /** Whether Keyboard Lock is now active. */
    change: boolean;
}

export interface KeyboardLockOptions {
    readonly keyboard?: KeyboardLockApi | undefined;
    readonly document?: FullscreenDocument | undefined;
    /** Something to keep informed, typically the Keyboard (its `locked` decides whether browser shortcuts pass). */
    readonly target?: { locked: boolean } | undefined;
}

export class KeyboardLock extends InputEmitter<KeyboardLockEvents> {
    readonly #keyboard: KeyboardLockApi | undefined;
    readonly #document: FullscreenDocument | undefined;
    readonly #target: { locked: boolean } | undefined;
    readonly #onFullscreenChange = (): void => {
        void this.#sync();
    };
    #active = false;
    #attached = false;

    constructor(options: KeyboardLockOptions = {}) {
        super();
        const nav = globalThis.navigator as (Navigator & { keyboard?: KeyboardLockApi }) | undefined;
        this.#keyboard = options.keyboard ?? (typeof nav?.keyboard?.lock === 'function' ? nav.keyboard : undefined);
        this.#document = options.document ?? (typeof globalThis.document === 'undefined' ? undefined : globalThis.document);
        this.#target = options.target;
    }

    /** Whether the browser has the Keyboard Lock API. */
    get supported(): boolean {
        return this.#keyboard !== undefined;
    }

    get active(): boolean {
        return this.#active;
    }

    /** Follows fullscreen changes: lock on entering fullscreen, unlock on leaving. Returns a function that stops it. */
    attach(): () => void {
        if (this.#document !== undefined && !this.#attached) {
            this.#document.addEventListener('fullscreenchange', this.#onFullscreenChange);
            this.#attached = true;
        }
        return () => {
            if (this.#document !== undefined && this.#attached) {
                this.#document.removeEventListener('fullscreenchange', this.#onFullscreenChange);
                this.#attached = false;
            }
            this.unlock();
        };
    }

    /** Makes an element fullscreen and locks the keyboard; resolves to whether the lock is active. */
    async enterFullscreen(element: Element): Promise<boolean> {
        if (this.#document?.fullscreenElement !== element) {
            await element.requestFullscreen({ navigationUI: 'hide' });
        }
        return this.lock();
    }

    async exitFullscreen(): Promise<void> {
        this.unlock();
        if (this.#document?.fullscreenElement != null) await this.#document.exitFullscreen();
    }

    /** Locks all keys (the browser only honours this in fullscreen). */
    async lock(): Promise<boolean> {
        if (this.#keyboard === undefined) return false;
        try {
            await this.#keyboard.lock();
        } catch {
            this.#setActive(false);
            return false;
        }
        this.#setActive(true);
        return true;
    }

    unlock(): void {
        if (this.#active) this.#keyboard?.unlock();
        this.#setActive(false);
    }

    async #sync(): Promise<void> {
        if (this.#document?.fullscreenElement != null) {
            if (!this.#active) await this.lock();
        } else {
            this.unlock();
        }
    }

    #setActive(active: boolean): void {
        if (this.#target !== undefined) this.#target.locked = active;
        if (active === this.#active) return;
        this.#active = active;
        this.emit('change', active);
    }
}
