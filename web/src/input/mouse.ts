// Mouse (and pen) input: pointer events → absolute positions in remote pixels plus the five Guacamole buttons.

import { InputEmitter } from './emitter';

/** One mouse state as the Guacamole `mouse` instruction carries it. */
export interface MouseState {
    readonly x: number;
    readonly y: number;
    readonly left: boolean;
    readonly middle: boolean;
    readonly right: boolean;
    readonly up: boolean;
    readonly down: boolean;
}

/** Events a Mouse (and Touch) emits. */
export interface MouseEvents {
    mouse: MouseState;
}

/** Maps a position in CSS client coordinates to remote display pixels (the caller knows scale and offset). */
export type CoordinateMapper = (clientX: number, clientY: number) => { readonly x: number; readonly y: number };

/** The fields of a PointerEvent the Mouse and Touch read. */
export interface PointerEventLike {
    readonly pointerId: number;
    readonly pointerType: string;
    readonly clientX: number;
    readonly clientY: number;
    /** Buttons held: 1 left, 2 right, 4 middle (PointerEvent.buttons). */
    readonly buttons: number;
    readonly isPrimary?: boolean | undefined;
    preventDefault(): void;
}

/** The fields of a WheelEvent the Mouse reads. */
export interface WheelEventLike {
    readonly deltaY: number;
    /** 0 pixels, 1 lines, 2 pages. */
    readonly deltaMode: number;
    readonly clientX: number;
    readonly clientY: number;
    preventDefault(): void;
}

export const idleMouseState: MouseState = { x: 0, y: 0, left: false, middle: false, right: false, up: false, down: false };

/** Builds a mouse state with integer, non-negative coordinates. */
export function mouseState(x: number, y: number, buttons: Partial<Omit<MouseState, 'x' | 'y'>> = {}): MouseState {
    return {
        x: toPixel(x),
        y: toPixel(y),
        left: buttons.left ?? false,
        middle: buttons.middle ?? false,
        right: buttons.right ?? false,
        up: buttons.up ?? false,
        down: buttons.down ?? false,
    };
}

/** The Guacamole button mask of a state: left 1, middle 2, right 4, wheel up 8, wheel down 16. */
export function buttonMask(state: MouseState): number {
    return (state.left ? 1 : 0) | (state.middle ? 2 : 0) | (state.right ? 4 : 0) | (state.up ? 8 : 0) | (state.down ? 16 : 0);
}

export function sameMouseState(a: MouseState, b: MouseState): boolean {
    return a.x === b.x && a.y === b.y && buttonMask(a) === buttonMask(b);
}

function toPixel(value: number): number {
    if (!Number.isFinite(value) || value < 0) return 0;
    return Math.floor(value);
}

export interface WheelOptions {
    /** Pixels of scrolling per wheel notch. Default 100 (Chromium's step for one notch). */
    readonly notchPixels?: number | undefined;
    /** Pixels per line for DOM_DELTA_LINE. Default 100/3 (three lines, Firefox's step, make one notch). */
    readonly linePixels?: number | undefined;
    /** Pixels per page for DOM_DELTA_PAGE. Default 800. */
    readonly pagePixels?: number | undefined;
    /**
     * A single event at least this large counts as one notch even when the accumulated amount is smaller, so
     * discrete wheels with smaller steps (e.g. 48 or 53 px) still give one notch per click. Default 40.
     */
    readonly discretePixels?: number | undefined;
    /** Upper bound of notches one event may produce. Default 10. */
    readonly maxNotchesPerEvent?: number | undefined;
}

/**
 * Accumulates wheel deltas (pixel, line or page mode) into whole notches; trackpads' small deltas add up, a
 * mouse wheel's click gives one notch.
 */
export class WheelAccumulator {
    readonly #notch: number;
    readonly #line: number;
    readonly #page: number;
    readonly #discrete: number;
    readonly #max: number;
    #pending = 0;

    constructor(options: WheelOptions = {}) {
        this.#notch = options.notchPixels ?? 100;
        this.#line = options.linePixels ?? 100 / 3;
        this.#page = options.pagePixels ?? 800;
        this.#discrete = options.discretePixels ?? 40;
        this.#max = options.maxNotchesPerEvent ?? 10;
    }

    /** Adds one wheel event's deltaY; returns whole notches to send (negative scrolls up, positive down). */
    add(deltaY: number, deltaMode = 0): number {
        if (!Number.isFinite(deltaY) || deltaY === 0) return 0;
        const scale = deltaMode === 1 ? this.#line : deltaMode === 2 ? this.#page : 1;
        const pixels = deltaY * scale;
        if (Math.sign(pixels) !== Math.sign(this.#pending)) this.#pending = 0; // direction changed
        this.#pending += pixels;
        let notches = Math.trunc(this.#pending / this.#notch) + 0; // + 0 turns -0 into 0
        if (notches === 0 && Math.abs(pixels) >= this.#discrete) {
            notches = Math.sign(pixels);
            this.#pending = 0;
        } else {
            this.#pending -= notches * this.#notch;
        }
        return Math.max(-this.#max, Math.min(this.#max, notches));
    }

    reset(): void {
        this.#pending = 0;
    }
}

export interface MouseOptions extends WheelOptions {
    /** Pointer types handled as a mouse. Default mouse and pen. */
    readonly pointerTypes?: readonly string[] | undefined;
    /**
     * What gets focus when a button goes down, so keyboard input follows the pointer: the attached element (default),
     * another element (e.g. the Keyboard's text field), or null for nothing.
     */
    readonly focusTarget?: HTMLElement | null | undefined;
}

/** Mouse input for one element: emits `mouse` whenever the position or a button changes. */
export class Mouse extends InputEmitter<MouseEvents> {
    readonly #toRemote: CoordinateMapper;
    readonly #wheel: WheelAccumulator;
    readonly #pointerTypes: ReadonlySet<string>;
    readonly #focus: HTMLElement | null | undefined;
    #state: MouseState = idleMouseState;

    constructor(toRemote: CoordinateMapper, options: MouseOptions = {}) {
        super();
        this.#toRemote = toRemote;
        this.#focus = options.focusTarget;
        this.#wheel = new WheelAccumulator(options);
        this.#pointerTypes = new Set(options.pointerTypes ?? ['mouse', 'pen']);
    }

    get state(): MouseState {
        return this.#state;
    }

    /** Wires pointer, wheel and contextmenu events of an element; returns a function that unwires them. */
    attach(element: HTMLElement): () => void {
        const removers: (() => void)[] = [];
        const listen = (target: EventTarget, type: string, handler: (event: Event) => void, options?: AddEventListenerOptions): void => {
            target.addEventListener(type, handler, options);
            removers.push(() => target.removeEventListener(type, handler, options));
        };
        listen(element, 'pointerdown', (e) => {
            const pe = e as PointerEvent;
            if (!this.#pointerTypes.has(pe.pointerType)) return;
            this.#focusTarget(element)?.focus({ preventScroll: true }); // keyboard input follows the pointer
            if (this.handlePointerDown(pe) && pe.buttons !== 0) {
                try {
                    element.setPointerCapture(pe.pointerId);
                } catch {
                    // the pointer may already be gone
                }
            }
        });
        listen(element, 'pointermove', (e) => this.handlePointerMove(e as PointerEvent));
        listen(element, 'pointerup', (e) => {
            const pe = e as PointerEvent;
            if (this.handlePointerUp(pe) && pe.buttons === 0 && element.hasPointerCapture(pe.pointerId)) {
                element.releasePointerCapture(pe.pointerId);
            }
        });
        listen(element, 'pointercancel', (e) => this.handlePointerCancel(e as PointerEvent));
        listen(element, 'wheel', (e) => this.handleWheel(e as WheelEvent), { passive: false });
        listen(element, 'contextmenu', (e) => this.handleContextMenu(e));
        const win = element.ownerDocument.defaultView;
        if (win !== null) listen(win, 'blur', () => this.releaseButtons());
        return () => {
            for (const remove of removers.splice(0)) remove();
        };
    }

    /** Returns whether the event was a mouse-type pointer this Mouse handled. */
    handlePointerDown(event: PointerEventLike): boolean {
        return this.#handlePointer(event);
    }

    handlePointerMove(event: PointerEventLike): boolean {
        return this.#handlePointer(event);
    }

    handlePointerUp(event: PointerEventLike): boolean {
        return this.#handlePointer(event);
    }

    handlePointerCancel(event: PointerEventLike): void {
        if (!this.#pointerTypes.has(event.pointerType)) return;
        this.releaseButtons();
    }

    handleWheel(event: WheelEventLike): void {
        event.preventDefault();
        const position = this.#toRemote(event.clientX, event.clientY);
        this.#set({ ...this.#state, x: toPixel(position.x), y: toPixel(position.y) });
        this.scroll(this.#wheel.add(event.deltaY, event.deltaMode));
    }

    handleContextMenu(event: { preventDefault(): void }): void {
        event.preventDefault();
    }

    /** Sends |notches| wheel clicks at the current position: press+release of up (negative) or down (positive). */
    scroll(notches: number): void {
        const button = notches < 0 ? 'up' : 'down';
        for (let i = 0; i < Math.abs(notches); i++) {
            this.#set({ ...this.#state, [button]: true });
            this.#set({ ...this.#state, [button]: false });
        }
    }

    /** Releases every held button (window blur, cancelled pointers). */
    releaseButtons(): void {
        this.#wheel.reset();
        this.#set(mouseState(this.#state.x, this.#state.y));
    }

    #focusTarget(element: HTMLElement): HTMLElement | null {
        return this.#focus === undefined ? element : this.#focus;
    }

    #handlePointer(event: PointerEventLike): boolean {
        if (!this.#pointerTypes.has(event.pointerType)) return false;
        const position = this.#toRemote(event.clientX, event.clientY);
        const buttons = event.buttons;
        this.#set(mouseState(position.x, position.y, {
            left: (buttons & 1) !== 0,
            right: (buttons & 2) !== 0,
            middle: (buttons & 4) !== 0,
        }));
        if (buttons !== 0) event.preventDefault();
        return true;
    }

    #set(state: MouseState): void {
        if (sameMouseState(state, this.#state)) return;
        this.#state = state;
        this.emit('mouse', state);
    }
}
