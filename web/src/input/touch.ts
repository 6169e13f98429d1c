// Touch input turned into mouse input. Two modes:
//  - direct: the pointer goes where the finger is. Tap = left click, long press = right click, two-finger tap =
//    right click, two-finger vertical drag = wheel, one-finger drag = left drag.
//  - touchpad: a relative pointer moved by finger deltas with acceleration. Tap = left click, two-finger tap = right
//    click, two-finger vertical drag = wheel.
// Time comes from an injectable clock so gestures can be tested without waiting.

import { InputEmitter } from './emitter';
import { type CoordinateMapper, type MouseEvents, type MouseState, type PointerEventLike, idleMouseState, mouseState, sameMouseState } from './mouse';

export type TouchMode = 'direct' | 'touchpad';

/** Time and timers; injectable for tests. */
export interface TouchClock {
    now(): number;
    setTimeout(callback: () => void, ms: number): unknown;
    clearTimeout(handle: unknown): void;
}

export interface TouchOptions {
    readonly mode?: TouchMode | undefined;
    readonly clock?: TouchClock | undefined;
    /** Longest touch (ms) that still counts as a tap, for two-finger taps and touchpad taps. Default 250. */
    readonly tapMs?: number | undefined;
    /** How long a still finger is held for a right click in direct mode (ms). Default 500. */
    readonly longPressMs?: number | undefined;
    /** Movement (CSS pixels) below which a touch is still a tap. Default 10. */
    readonly slopPixels?: number | undefined;
    /** Two-finger movement (CSS pixels) per wheel notch. Default 30. */
    readonly scrollPixels?: number | undefined;
    /** Touchpad pointer gain for fast movements: 0 disables acceleration. Default 1 (up to 3x). */
    readonly acceleration?: number | undefined;
    /** The remote display size, to keep the touchpad pointer inside it. */
    readonly remoteSize?: (() => { readonly width: number; readonly height: number }) | undefined;
    /** What gets focus when a finger goes down: the attached element (default), another element, or null. */
    readonly focusTarget?: HTMLElement | null | undefined;
}

const defaultClock: TouchClock = {
    now: () => globalThis.performance.now(),
    setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
    clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
};

interface Finger {
    readonly startX: number;
    readonly startY: number;
    x: number;
    y: number;
    time: number;
}

type Gesture =
    | { kind: 'idle' }
    | { kind: 'one'; readonly id: number; readonly start: number; moved: boolean; timer: unknown }
    | { kind: 'drag'; readonly id: number }
    | { kind: 'two'; readonly start: number; readonly firstId: number; lastMidY: number; travelled: number; pending: number }
    | { kind: 'done' };

/** Touch input for one element: emits `mouse` events like Mouse does. */
export class Touch extends InputEmitter<MouseEvents> {
    readonly #toRemote: CoordinateMapper;
    readonly #clock: TouchClock;
    readonly #tapMs: number;
    readonly #longPressMs: number;
    readonly #slop: number;
    readonly #scrollPixels: number;
    readonly #acceleration: number;
    readonly #remoteSize: (() => { readonly width: number; readonly height: number }) | undefined;
    readonly #focus: HTMLElement | null | undefined;
    readonly #fingers = new Map<number, Finger>();
    #mode: TouchMode;
    #gesture: Gesture = { kind: 'idle' };
    #state: MouseState = idleMouseState;
    /** The touchpad pointer, in fractional remote pixels. */
    #cursorX = 0;
    #cursorY = 0;

    constructor(toRemote: CoordinateMapper, options: TouchOptions = {}) {
        super();
        this.#toRemote = toRemote;
        this.#clock = options.clock ?? defaultClock;
        this.#mode = options.mode ?? 'direct';
        this.#tapMs = options.tapMs ?? 250;
        this.#longPressMs = options.longPressMs ?? 500;
        this.#slop = options.slopPixels ?? 10;
        this.#scrollPixels = options.scrollPixels ?? 30;
        this.#acceleration = options.acceleration ?? 1;
        this.#remoteSize = options.remoteSize;
        this.#focus = options.focusTarget;
        const size = this.#remoteSize?.();
        if (size !== undefined) {
            this.#cursorX = size.width / 2;
            this.#cursorY = size.height / 2;
        }
    }

    get mode(): TouchMode {
        return this.#mode;
    }

    /** Switching modes releases anything a gesture holds. */
    set mode(value: TouchMode) {
        if (value === this.#mode) return;
        this.reset();
        this.#mode = value;
    }

    get state(): MouseState {
        return this.#state;
    }

    /** Places the touchpad pointer (remote pixels), e.g. where the mouse last was. */
    setCursor(x: number, y: number): void {
        this.#cursorX = x;
        this.#cursorY = y;
        this.#clampCursor();
    }

    /** Wires touch pointer events of an element (and turns off the browser's own panning/zooming on it). */
    attach(element: HTMLElement): () => void {
        element.style.touchAction = 'none';
        const removers: (() => void)[] = [];
        const listen = (type: string, handler: (event: PointerEvent) => void): void => {
            const wrapped = (event: Event): void => handler(event as PointerEvent);
            element.addEventListener(type, wrapped);
            removers.push(() => element.removeEventListener(type, wrapped));
        };
        listen('pointerdown', (e) => {
            if (e.pointerType !== 'touch') return;
            this.#focusTarget(element)?.focus({ preventScroll: true });
            try {
                element.setPointerCapture(e.pointerId);
            } catch {
                // the pointer may already be gone
            }
            this.handlePointerDown(e);
        });
        listen('pointermove', (e) => this.handlePointerMove(e));
        listen('pointerup', (e) => this.handlePointerUp(e));
        listen('pointercancel', (e) => this.handlePointerCancel(e));
        return () => {
            for (const remove of removers.splice(0)) remove();
            this.reset();
        };
    }

    #focusTarget(element: HTMLElement): HTMLElement | null {
        return this.#focus === undefined ? element : this.#focus;
    }

    handlePointerDown(event: PointerEventLike): void {
        if (event.pointerType !== 'touch') return;
        event.preventDefault();
        const now = this.#clock.now();
        this.#fingers.set(event.pointerId, { startX: event.clientX, startY: event.clientY, x: event.clientX, y: event.clientY, time: now });
        const gesture = this.#gesture;
        if (gesture.kind === 'idle' && this.#fingers.size === 1) {
            const timer = this.#mode === 'direct'
                ? this.#clock.setTimeout(() => this.#longPress(), this.#longPressMs)
                : undefined;
            this.#gesture = { kind: 'one', id: event.pointerId, start: now, moved: false, timer };
            if (this.#mode === 'direct') this.#moveTo(event.clientX, event.clientY, false);
            return;
        }
        if (gesture.kind === 'one' && this.#fingers.size === 2) {
            this.#clock.clearTimeout(gesture.timer);
            this.#gesture = { kind: 'two', start: gesture.start, firstId: gesture.id, lastMidY: this.#midY(), travelled: 0, pending: 0 };
            return;
        }
        // A third finger, or a second one during a drag: the gesture is over.
        this.#finish();
    }

    handlePointerMove(event: PointerEventLike): void {
        if (event.pointerType !== 'touch') return;
        const finger = this.#fingers.get(event.pointerId);
        if (finger === undefined) return;
        event.preventDefault();
        const now = this.#clock.now();
        const dx = event.clientX - finger.x;
        const dy = event.clientY - finger.y;
        const dt = Math.max(1, now - finger.time);
        finger.x = event.clientX;
        finger.y = event.clientY;
        finger.time = now;
        const gesture = this.#gesture;

        if (gesture.kind === 'one' && gesture.id === event.pointerId) {
            const far = Math.hypot(finger.x - finger.startX, finger.y - finger.startY) > this.#slop;
            if (this.#mode === 'touchpad') {
                if (far) gesture.moved = true;
                this.#moveRelative(dx, dy, dt);
                return;
            }
            if (!far) return;
            // Direct mode: the finger left its spot, so this is a drag with the left button from where it started.
            this.#clock.clearTimeout(gesture.timer);
            this.#gesture = { kind: 'drag', id: gesture.id };
            this.#moveTo(finger.startX, finger.startY, false);
            this.#moveTo(finger.startX, finger.startY, true);
            this.#moveTo(finger.x, finger.y, true);
            return;
        }
        if (gesture.kind === 'drag' && gesture.id === event.pointerId) {
            this.#moveTo(finger.x, finger.y, true);
            return;
        }
        if (gesture.kind === 'two') {
            const mid = this.#midY();
            const delta = mid - gesture.lastMidY;
            gesture.lastMidY = mid;
            gesture.travelled += Math.abs(delta);
            gesture.pending += delta;
            const notches = Math.trunc(gesture.pending / this.#scrollPixels);
            if (notches !== 0) {
                gesture.pending -= notches * this.#scrollPixels;
                // Natural scrolling: fingers moving down pull the content down, i.e. scroll up.
                this.#scroll(-notches);
            }
        }
    }

    handlePointerUp(event: PointerEventLike): void {
        if (event.pointerType !== 'touch') return;
        const finger = this.#fingers.get(event.pointerId);
        if (finger === undefined) return;
        event.preventDefault();
        const now = this.#clock.now();
        const gesture = this.#gesture;
        if (gesture.kind === 'one' && gesture.id === event.pointerId) {
            this.#clock.clearTimeout(gesture.timer);
            if (this.#mode === 'direct') {
                this.#click(finger.x, finger.y, 'left');
            } else if (!gesture.moved && now - gesture.start <= this.#tapMs) {
                this.#clickAtCursor('left');
            }
            this.#gesture = { kind: 'done' };
        } else if (gesture.kind === 'drag' && gesture.id === event.pointerId) {
            this.#moveTo(finger.x, finger.y, false);
            this.#gesture = { kind: 'done' };
        } else if (gesture.kind === 'two') {
            if (gesture.travelled <= this.#slop && now - gesture.start <= this.#tapMs) {
                if (this.#mode === 'direct') {
                    const first = this.#fingers.get(gesture.firstId) ?? finger;
                    this.#click(first.startX, first.startY, 'right');
                } else {
                    this.#clickAtCursor('right');
                }
            }
            this.#gesture = { kind: 'done' };
        }
        this.#fingers.delete(event.pointerId);
        if (this.#fingers.size === 0) this.#gesture = { kind: 'idle' };
    }

    handlePointerCancel(event: PointerEventLike): void {
        if (event.pointerType !== 'touch') return;
        this.#fingers.delete(event.pointerId);
        this.#finish();
        if (this.#fingers.size === 0) this.#gesture = { kind: 'idle' };
    }

    /** Forgets all fingers and releases any button a gesture holds. */
    reset(): void {
        this.#fingers.clear();
        this.#finish();
        this.#gesture = { kind: 'idle' };
    }

    /** Ends the current gesture: buttons go up, the rest of the touch is ignored until every finger lifts. */
    #finish(): void {
        const gesture = this.#gesture;
        if (gesture.kind === 'one') this.#clock.clearTimeout(gesture.timer);
        this.#gesture = { kind: 'done' };
        this.#set(mouseState(this.#state.x, this.#state.y));
    }

    #longPress(): void {
        const gesture = this.#gesture;
        if (gesture.kind !== 'one') return;
        const finger = this.#fingers.get(gesture.id);
        this.#gesture = { kind: 'done' };
        if (finger !== undefined) this.#click(finger.startX, finger.startY, 'right');
    }

    #midY(): number {
        let sum = 0;
        let count = 0;
        for (const finger of this.#fingers.values()) {
            sum += finger.y;
            count++;
            if (count === 2) break;
        }
        return count === 0 ? 0 : sum / count;
    }

    #remote(clientX: number, clientY: number): { x: number; y: number } {
        const p = this.#toRemote(clientX, clientY);
        return { x: p.x, y: p.y };
    }

    #moveTo(clientX: number, clientY: number, left: boolean): void {
        const p = this.#remote(clientX, clientY);
        this.#set(mouseState(p.x, p.y, { left }));
    }

    #click(clientX: number, clientY: number, button: 'left' | 'right'): void {
        const p = this.#remote(clientX, clientY);
        this.#set(mouseState(p.x, p.y));
        this.#set(mouseState(p.x, p.y, { [button]: true }));
        this.#set(mouseState(p.x, p.y));
    }

    #clickAtCursor(button: 'left' | 'right'): void {
        this.#set(mouseState(this.#cursorX, this.#cursorY));
        this.#set(mouseState(this.#cursorX, this.#cursorY, { [button]: true }));
        this.#set(mouseState(this.#cursorX, this.#cursorY));
    }

    #scroll(notches: number): void {
        const button = notches < 0 ? 'up' : 'down';
        const { x, y } = this.#state;
        for (let i = 0; i < Math.abs(notches); i++) {
            this.#set(mouseState(x, y, { [button]: true }));
            this.#set(mouseState(x, y));
        }
    }

    /** Touchpad: moves the pointer by a finger delta (CSS pixels over dt ms), scaled to remote pixels and accelerated. */
    #moveRelative(dx: number, dy: number, dt: number): void {
        const origin = this.#toRemote(0, 0);
        const moved = this.#toRemote(dx, dy);
        const speed = Math.hypot(dx, dy) / dt; // CSS px per ms
        const boost = Math.min(1, Math.max(0, (speed - 0.25) / 1.25));
        const gain = 1 + 2 * this.#acceleration * boost;
        this.#cursorX += (moved.x - origin.x) * gain;
        this.#cursorY += (moved.y - origin.y) * gain;
        this.#clampCursor();
        this.#set(mouseState(this.#cursorX, this.#cursorY));
    }

    #clampCursor(): void {
        const size = this.#remoteSize?.();
        const maxX = size !== undefined ? Math.max(0, size.width - 1) : Number.POSITIVE_INFINITY;
        const maxY = size !== undefined ? Math.max(0, size.height - 1) : Number.POSITIVE_INFINITY;
        this.#cursorX = Math.min(maxX, Math.max(0, this.#cursorX));
        this.#cursorY = Math.min(maxY, Math.max(0, this.#cursorY));
    }

    #set(state: MouseState): void {
        if (sameMouseState(state, this.#state)) return;
        this.#state = state;
        this.emit('mouse', state);
    }
}
