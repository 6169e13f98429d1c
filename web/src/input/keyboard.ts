// Turns browser keyboard, composition and input events into X11 keysym press/release events.
//
// Handlers accept plain objects with the fields they read (KeyEventLike and friends) so tests and other callers can
// feed synthetic events; attach() wires them to a DOM element.

import { InputEmitter } from './emitter';
import {
    Keysym,
    baseCharacterOfCode,
    isModifierKeysym,
    isPrintableKey,
    keysymFromCodePoint,
    keysymFromKey,
} from './keysyms';

/** The fields of a KeyboardEvent the Keyboard reads. Modifier flags left undefined are treated as unknown. */
export interface KeyEventLike {
    readonly key: string;
    readonly code: string;
    readonly location?: number | undefined;
    readonly repeat?: boolean | undefined;
    readonly ctrlKey?: boolean | undefined;
    readonly altKey?: boolean | undefined;
    readonly shiftKey?: boolean | undefined;
    readonly metaKey?: boolean | undefined;
    readonly isComposing?: boolean | undefined;
    readonly keyCode?: number | undefined;
    getModifierState?(key: string): boolean;
    preventDefault(): void;
}

/** The fields of a CompositionEvent the Keyboard reads. */
export interface CompositionEventLike {
    readonly data: string | null;
}

/** The fields of an InputEvent (beforeinput) the Keyboard reads. */
export interface InputEventLike {
    readonly data: string | null;
    readonly inputType: string;
    readonly isComposing?: boolean | undefined;
    preventDefault(): void;
}

/** Events a Keyboard emits: the keysym pressed or released. */
export interface KeyboardEvents {
    keydown: number;
    keyup: number;
}

/** A timer source; injectable so tests control time. */
export interface TimerScheduler {
    setTimeout(callback: () => void, ms: number): unknown;
    clearTimeout(handle: unknown): void;
}

export interface KeyboardOptions {
    /**
     * Recognise the Control+Alt pair that Windows sends for AltGr and turn it into ISO_Level3_Shift when the key that
     * follows types a character. Default true.
     */
    readonly altGrDetection?: boolean | undefined;
    /** How long a lone left Control is held back waiting for a possible AltGr partner, in ms. Default 30. */
    readonly controlDelayMs?: number | undefined;
    /**
     * Keys whose default action is left to the browser (they are still sent) while Keyboard Lock is not active.
     * Default: Ctrl+Tab, Ctrl+Shift+Tab, Ctrl+PageUp/PageDown, Ctrl/Cmd+W/T/N and F11.
     */
    readonly isBrowserShortcut?: ((event: KeyEventLike) => boolean) | undefined;
    /** Release every held non-modifier key when Meta goes up (macOS sends no keyup for keys released under Cmd). */
    readonly releaseOnMetaUp?: boolean | undefined;
    readonly scheduler?: TimerScheduler | undefined;
}

/** The browser shortcuts that are left to the browser unless Keyboard Lock is active. */
export function isDefaultBrowserShortcut(event: KeyEventLike): boolean {
    const ctrl = event.ctrlKey === true;
    const meta = event.metaKey === true;
    const alt = event.altKey === true;
    if (event.code === 'F11' || event.key === 'F11') return true;
    if (ctrl && !alt && (event.code === 'Tab' || event.code === 'PageUp' || event.code === 'PageDown')) return true;
    if ((ctrl || meta) && !alt && (event.code === 'KeyW' || event.code === 'KeyT' || event.code === 'KeyN')) return true;
    return false;
}

const defaultScheduler: TimerScheduler = {
    setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
    clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
};

interface DeferredControl {
    readonly id: string;
    readonly keysym: number;
    readonly timer: unknown;
}

interface AltGrPair {
    state: 'pending' | 'altgr' | 'ctrlalt';
    readonly controlId: string;
    readonly altId: string;
    readonly down: Set<string>;
}

interface DeadFollower {
    readonly id: string;
    readonly key: string;
    readonly typed: string[];
    inputText: string | undefined;
}

const modifierFlags: readonly (readonly [ids: readonly string[], flag: 'shiftKey' | 'ctrlKey' | 'altKey' | 'metaKey'])[] = [
    [['ShiftLeft', 'ShiftRight'], 'shiftKey'],
    [['ControlLeft', 'ControlRight'], 'ctrlKey'],
    [['AltLeft'], 'altKey'],
    [['MetaLeft', 'MetaRight', 'OSLeft', 'OSRight'], 'metaKey'],
];

/**
 * Keyboard input for one element. Emits `keydown`/`keyup` with X11 keysyms; every press it emits is matched by exactly
 * one release (or repeated presses for auto-repeat, like X), and releaseAll() runs on blur and when the page is hidden.
 */
export class Keyboard extends InputEmitter<KeyboardEvents> {
    readonly #altGrDetection: boolean;
    readonly #controlDelayMs: number;
    readonly #isBrowserShortcut: (event: KeyEventLike) => boolean;
    readonly #releaseOnMetaUp: boolean;
    readonly #scheduler: TimerScheduler;

    /** Keys we sent a press for, by key id (the physical `code`), with the keysym sent. */
    readonly #pressed = new Map<string, number>();
    /** Keys that went down without sending anything; their keyup sends nothing either. */
    readonly #swallowed = new Set<string>();
    #deferredControl: DeferredControl | undefined;
    #altGr: AltGrPair | undefined;
    #deadPending = false;
    #deadFollower: DeadFollower | undefined;
    #composing = false;
    #awaitingInput = false;
    #locked = false;

    constructor(options: KeyboardOptions = {}) {
        super();
        this.#altGrDetection = options.altGrDetection ?? true;
        this.#controlDelayMs = options.controlDelayMs ?? 30;
        this.#isBrowserShortcut = options.isBrowserShortcut ?? isDefaultBrowserShortcut;
        this.#releaseOnMetaUp = options.releaseOnMetaUp ?? true;
        this.#scheduler = options.scheduler ?? defaultScheduler;
    }

    /** Whether Keyboard Lock is active: then browser shortcuts are swallowed and only sent to the remote side. */
    get locked(): boolean {
        return this.#locked;
    }

    set locked(value: boolean) {
        this.#locked = value;
    }

    /** Keysyms currently held down on the remote side, in press order. */
    get pressedKeysyms(): number[] {
        return [...this.#pressed.values()];
    }

    /**
     * Wires the handlers to an element and returns a function that unwires them. The element must be focusable; for
     * IME composition it must also be editable (a textarea or contenteditable element, e.g. transparent over the
     * display), since browsers only compose into editable elements. Text that lands in it is cleared.
     */
    attach(element: HTMLElement): () => void {
        const doc = element.ownerDocument;
        const win = doc.defaultView;
        const removers: (() => void)[] = [];
        const listen = <E extends Event>(target: EventTarget, type: string, handler: (event: E) => void): void => {
            const wrapped = (event: Event): void => handler(event as E);
            target.addEventListener(type, wrapped);
            removers.push(() => target.removeEventListener(type, wrapped));
        };
        listen<KeyboardEvent>(element, 'keydown', (e) => this.handleKeyDown(e));
        listen<KeyboardEvent>(element, 'keyup', (e) => this.handleKeyUp(e));
        listen<KeyboardEvent>(element, 'keypress', (e) => this.handleKeyPress(e));
        listen<InputEvent>(element, 'beforeinput', (e) => this.handleBeforeInput(e));
        listen<CompositionEvent>(element, 'compositionstart', (e) => this.handleCompositionStart(e));
        listen<CompositionEvent>(element, 'compositionupdate', (e) => this.handleCompositionUpdate(e));
        listen<CompositionEvent>(element, 'compositionend', (e) => {
            this.handleCompositionEnd(e);
            // An editable element (needed for IME) keeps the committed text; empty it once the browser is done.
            this.#scheduler.setTimeout(() => clearEditable(element), 0);
        });
        listen<InputEvent>(element, 'input', (e) => {
            if (!this.#composing && e.isComposing !== true) clearEditable(element);
        });
        listen(element, 'blur', () => this.releaseAll());
        listen(element, 'focusout', () => this.releaseAll());
        if (win !== null) listen(win, 'blur', () => this.releaseAll());
        listen(doc, 'visibilitychange', () => {
            if (doc.visibilityState === 'hidden') this.releaseAll();
        });
        return () => {
            for (const remove of removers.splice(0)) remove();
            this.releaseAll();
        };
    }

    handleKeyDown(event: KeyEventLike): void {
        if (this.#composing || event.isComposing === true || event.keyCode === 229 || event.key === 'Process') {
            return; // the IME owns this key; its result arrives in compositionend
        }
        if (event.key === 'Unidentified' || event.key === '') {
            this.#awaitingInput = true; // virtual keyboards: the text follows in beforeinput
            return;
        }
        this.#awaitingInput = false;
        const id = keyId(event);
        this.#syncModifiers(event, id);

        if (this.#deadFollower !== undefined && this.#deadFollower.id !== id) this.#flushDeadFollower(false);

        // Auto-repeat (or a duplicated keydown) of a key already down: press again without release, like X.
        const held = this.#pressed.get(id);
        if (held !== undefined) {
            this.emit('keydown', held);
            this.#consume(event);
            return;
        }
        if (this.#swallowed.has(id) || this.#deadFollower?.id === id || this.#deferredControl?.id === id) return;

        if (event.key === 'Dead') {
            this.#resolveAltGr(true);
            this.#flushDeferredControl();
            this.#deadPending = true;
            this.#swallowed.add(id);
            return; // not prevented: the browser composes the accent with the next key
        }

        const keysym = keysymFromKey(event.key, event.code, event.location ?? 0);
        if (keysym === undefined) return; // a key X has no keysym for: leave it to the browser
        const printable = isPrintableKey(event.key);

        if (this.#altGrDetection && this.#handleAltGrKeyDown(event, id, keysym, printable)) return;

        if (this.#deadPending) {
            if (printable) {
                // The browser reports the composed character in `key`, and keypress/beforeinput carry the text when
                // the accent does not combine; collect both and send once the key is released or another key goes down.
                this.#deadPending = false;
                this.#deadFollower = { id, key: event.key, typed: [], inputText: undefined };
                return;
            }
            if (!isModifierKeysym(keysym)) this.#deadPending = false;
        }

        this.#pressed.set(id, keysym);
        this.emit('keydown', keysym);
        this.#consume(event);
    }

    handleKeyUp(event: KeyEventLike): void {
        const id = keyId(event);
        if (this.#deadFollower?.id === id) {
            this.#flushDeadFollower(true);
            event.preventDefault();
            return;
        }
        if (this.#deferredControl?.id === id) this.#flushDeferredControl();
        if (this.#altGr?.state === 'pending' && (id === this.#altGr.controlId || id === this.#altGr.altId)) {
            this.#resolveAltGr(true);
        }
        this.#altGr?.down.delete(id);
        if (this.#altGr !== undefined && this.#altGr.down.size === 0) this.#altGr = undefined;

        if (this.#swallowed.delete(id)) return;
        const keysym = this.#pressed.get(id);
        if (keysym === undefined) return;
        this.#pressed.delete(id);
        this.emit('keyup', keysym);
        event.preventDefault();

        if (this.#releaseOnMetaUp && (keysym === Keysym.SuperLeft || keysym === Keysym.SuperRight)) {
            for (const [otherId, other] of [...this.#pressed]) {
                if (isModifierKeysym(other)) continue;
                this.#pressed.delete(otherId);
                this.emit('keyup', other);
            }
        }
    }

    /** keypress carries the characters a dead key sequence produced (two of them when the accent does not combine). */
    handleKeyPress(event: KeyEventLike): void {
        const follower = this.#deadFollower;
        if (follower === undefined || !isPrintableKey(event.key)) return;
        follower.typed.push(event.key);
    }

    handleBeforeInput(event: InputEventLike): void {
        if (this.#composing || event.isComposing === true || event.inputType === 'insertCompositionText') return;
        const data = event.data ?? '';
        const follower = this.#deadFollower;
        if (follower !== undefined) {
            if (event.inputType.startsWith('insert') && data.length > 0) {
                follower.inputText = data;
                event.preventDefault();
            }
            return;
        }
        if (!this.#awaitingInput) return;
        this.#awaitingInput = false;
        switch (event.inputType) {
            case 'insertText':
            case 'insertReplacementText':
                this.typeText(data);
                break;
            case 'insertLineBreak':
            case 'insertParagraph':
                this.#tap(Keysym.Return);
                break;
            case 'deleteContentBackward':
                this.#tap(Keysym.BackSpace);
                break;
            case 'deleteContentForward':
                this.#tap(Keysym.Delete);
                break;
            default:
                return;
        }
        event.preventDefault();
    }

    handleCompositionStart(_event?: CompositionEventLike): void {
        this.#composing = true;
        this.#deadPending = false;
        this.#deadFollower = undefined;
    }

    handleCompositionUpdate(_event?: CompositionEventLike): void {
        this.#composing = true;
    }

    /** The committed text is sent as press+release per code point. */
    handleCompositionEnd(event: CompositionEventLike): void {
        this.#composing = false;
        this.#awaitingInput = false;
        this.typeText(event.data ?? '');
    }

    /** Types text as press+release of each code point (paste-as-typing, on-screen keyboard). CR LF counts as one Return. */
    typeText(text: string): void {
        let previous = 0;
        for (const ch of text) {
            const cp = ch.codePointAt(0) ?? 0;
            const skip = cp === 0x0a && previous === 0x0d;
            previous = cp;
            if (skip) continue;
            const keysym = keysymFromCodePoint(cp);
            if (keysym !== undefined) this.#tap(keysym);
        }
    }

    /** Releases every key we pressed and forgets pending dead keys, AltGr and composition state. */
    releaseAll(): void {
        if (this.#deferredControl !== undefined) {
            this.#scheduler.clearTimeout(this.#deferredControl.timer);
            this.#deferredControl = undefined;
        }
        this.#altGr = undefined;
        this.#deadPending = false;
        this.#deadFollower = undefined;
        this.#composing = false;
        this.#awaitingInput = false;
        this.#swallowed.clear();
        const held = [...this.#pressed.values()].reverse();
        this.#pressed.clear();
        for (const keysym of held) this.emit('keyup', keysym);
    }

    #tap(keysym: number): void {
        this.emit('keydown', keysym);
        this.emit('keyup', keysym);
    }

    #consume(event: KeyEventLike): void {
        if (this.#locked || !this.#isBrowserShortcut(event)) event.preventDefault();
    }

    /** Releases modifiers the event says are up: their keyup was lost (focus moved while they were down). */
    #syncModifiers(event: KeyEventLike, currentId: string): void {
        for (const [ids, flag] of modifierFlags) {
            if (event[flag] !== false) continue;
            for (const id of ids) {
                if (id === currentId) continue;
                const keysym = this.#pressed.get(id);
                if (keysym === undefined) continue;
                this.#pressed.delete(id);
                this.emit('keyup', keysym);
            }
        }
    }

    /** Returns true when the event was fully handled here. */
    #handleAltGrKeyDown(event: KeyEventLike, id: string, keysym: number, printable: boolean): boolean {
        if (this.#deferredControl !== undefined) {
            if (id === 'AltRight' && event.key === 'AltGraph') {
                // Windows' AltGr: a synthetic left Control followed by right Alt. Hold both until the next key tells
                // whether a character (AltGr) or a shortcut (Ctrl+Alt) is meant.
                const control = this.#deferredControl;
                this.#scheduler.clearTimeout(control.timer);
                this.#deferredControl = undefined;
                this.#altGr = { state: 'pending', controlId: control.id, altId: id, down: new Set([control.id, id]) };
                event.preventDefault();
                return true;
            }
            this.#flushDeferredControl();
        }

        if (id === 'ControlLeft' && this.#altGr === undefined && event.repeat !== true) {
            const timer = this.#scheduler.setTimeout(() => this.#flushDeferredControl(), this.#controlDelayMs);
            this.#deferredControl = { id, keysym, timer };
            event.preventDefault();
            return true;
        }

        if (this.#altGr?.state === 'pending' && !isModifierKeysym(keysym)) {
            const base = baseCharacterOfCode(event.code);
            const shortcut = !printable || (base !== undefined && event.key.toLowerCase() === base);
            this.#resolveAltGr(!shortcut);
        }
        return false;
    }

    #resolveAltGr(asAltGr: boolean): void {
        const pair = this.#altGr;
        if (pair === undefined || pair.state !== 'pending') return;
        if (asAltGr) {
            pair.state = 'altgr';
            this.#swallowed.add(pair.controlId);
            this.#pressed.set(pair.altId, Keysym.IsoLevel3Shift);
            this.emit('keydown', Keysym.IsoLevel3Shift);
        } else {
            pair.state = 'ctrlalt';
            this.#pressed.set(pair.controlId, Keysym.ControlLeft);
            this.emit('keydown', Keysym.ControlLeft);
            this.#pressed.set(pair.altId, Keysym.AltRight);
            this.emit('keydown', Keysym.AltRight);
        }
    }

    #flushDeferredControl(): void {
        const control = this.#deferredControl;
        if (control === undefined) return;
        this.#deferredControl = undefined;
        this.#scheduler.clearTimeout(control.timer);
        this.#pressed.set(control.id, control.keysym);
        this.emit('keydown', control.keysym);
    }

    #flushDeadFollower(released: boolean): void {
        const follower = this.#deadFollower;
        if (follower === undefined) return;
        this.#deadFollower = undefined;
        const text = follower.inputText ?? (follower.typed.length > 0 ? follower.typed.join('') : follower.key);
        const keysyms: number[] = [];
        for (const ch of text) {
            const keysym = keysymFromCodePoint(ch.codePointAt(0) ?? 0);
            if (keysym !== undefined) keysyms.push(keysym);
        }
        const last = keysyms.pop();
        for (const keysym of keysyms) this.#tap(keysym);
        if (last === undefined) return;
        if (released) {
            this.#tap(last);
        } else {
            this.#pressed.set(follower.id, last);
            this.emit('keydown', last);
        }
    }
}

/** Empties a textarea/input or contenteditable element used to receive composed text. */
function clearEditable(element: HTMLElement): void {
    const field = element as HTMLElement & { value?: unknown };
    if (typeof field.value === 'string') {
        if (field.value !== '') field.value = '';
    } else if (element.isContentEditable && element.textContent !== '') {
        element.textContent = '';
    }
}

/** Keys are tracked by physical position; events without a code (some virtual keyboards) fall back to the key value. */
function keyId(event: KeyEventLike): string {
    return event.code !== '' ? event.code : `key:${event.key}`;
}
