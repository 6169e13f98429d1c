// Synthetic event objects and recorders for the input tests.
import type { KeyEventLike } from '../../src/input/keyboard';
import type { PointerEventLike, WheelEventLike } from '../../src/input/mouse';

export type FakeKeyEvent = KeyEventLike & { prevented: boolean };

export function keyEvent(key: string, code: string, extra: Partial<Omit<KeyEventLike, 'preventDefault'>> = {}): FakeKeyEvent {
    return {
        key,
        code,
        location: 0,
        ...extra,
        prevented: false,
        preventDefault() {
            this.prevented = true;
        },
    };
}

export function inputEvent(inputType: string, data: string | null) {
    return {
        inputType,
        data,
        prevented: false,
        preventDefault() {
            this.prevented = true;
        },
    };
}

export function pointer(type: string, pointerId: number, clientX: number, clientY: number, buttons = 0): PointerEventLike & { prevented: boolean } {
    return {
        pointerType: type,
        pointerId,
        clientX,
        clientY,
        buttons,
        prevented: false,
        preventDefault() {
            this.prevented = true;
        },
    };
}

export function wheel(deltaY: number, deltaMode = 0, clientX = 0, clientY = 0): WheelEventLike & { prevented: boolean } {
    return {
        deltaY,
        deltaMode,
        clientX,
        clientY,
        prevented: false,
        preventDefault() {
            this.prevented = true;
        },
    };
}

/** Records key events as ['+', keysym] / ['-', keysym]. */
export function recordKeys(source: { on(type: 'keydown' | 'keyup', listener: (keysym: number) => void): () => void }): (readonly ['+' | '-', number])[] {
    const log: (readonly ['+' | '-', number])[] = [];
    source.on('keydown', (k) => log.push(['+', k]));
    source.on('keyup', (k) => log.push(['-', k]));
    return log;
}

/** A manual clock and timer queue. */
export class FakeClock {
    time = 0;
    #next = 1;
    readonly #timers = new Map<number, { at: number; callback: () => void }>();

    now(): number {
        return this.time;
    }

    setTimeout(callback: () => void, ms: number): unknown {
        const id = this.#next++;
        this.#timers.set(id, { at: this.time + ms, callback });
        return id;
    }

    clearTimeout(handle: unknown): void {
        this.#timers.delete(handle as number);
    }

    get pending(): number {
        return this.#timers.size;
    }

    /** Moves time forward, running timers that fall due in order. */
    advance(ms: number): void {
        const end = this.time + ms;
        for (;;) {
            let due: [number, { at: number; callback: () => void }] | undefined;
            for (const entry of this.#timers) {
                if (entry[1].at <= end && (due === undefined || entry[1].at < due[1].at)) due = entry;
            }
            if (due === undefined) break;
            this.#timers.delete(due[0]);
            this.time = due[1].at;
            due[1].callback();
        }
        this.time = end;
    }
}
