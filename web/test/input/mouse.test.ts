import { describe, expect, it } from 'vitest';
import { Mouse, WheelAccumulator, buttonMask, type MouseState } from '../../src/input/mouse';
import { pointer, wheel } from './helpers';

/** Remote pixels are twice the client pixels, offset by 10 client pixels. */
const toRemote = (x: number, y: number) => ({ x: (x - 10) * 2, y: (y - 10) * 2 });

function setup() {
    const mouse = new Mouse(toRemote);
    const log: MouseState[] = [];
    mouse.on('mouse', (s) => log.push(s));
    const compact = () => log.map((s) => [s.x, s.y, buttonMask(s)]);
    return { mouse, log, compact };
}

describe('WheelAccumulator', () => {
    it('gives one notch per discrete wheel click in pixel mode (100 px)', () => {
        const wheelAcc = new WheelAccumulator();
        expect([100, 100, -100].map((d) => wheelAcc.add(d, 0))).toEqual([1, 1, -1]);
    });

    it('gives one notch for smaller discrete steps (48 and 53 px)', () => {
        const wheelAcc = new WheelAccumulator();
        expect([48, 53, 53].map((d) => wheelAcc.add(d, 0))).toEqual([1, 1, 1]);
    });

    it('adds up small trackpad deltas into notches', () => {
        const wheelAcc = new WheelAccumulator();
        const notches = Array.from({ length: 20 }, () => wheelAcc.add(10, 0));
        expect(notches.reduce((a, b) => a + b, 0)).toBe(2);
    });

    it('starts over when the direction changes', () => {
        const wheelAcc = new WheelAccumulator();
        expect(wheelAcc.add(30, 0)).toBe(0);
        expect(wheelAcc.add(-30, 0)).toBe(0);
        expect(wheelAcc.add(-30, 0)).toBe(0);
        expect(wheelAcc.add(-30, 0)).toBe(0);
        expect(wheelAcc.add(-30, 0)).toBe(-1);
    });

    it('converts lines (three per notch) and pages', () => {
        const wheelAcc = new WheelAccumulator();
        expect(wheelAcc.add(3, 1)).toBe(1);
        expect(wheelAcc.add(-6, 1)).toBe(-2);
        expect(wheelAcc.add(1, 2)).toBe(8);
    });

    it('bounds the notches of one event and ignores nonsense', () => {
        const wheelAcc = new WheelAccumulator();
        expect(wheelAcc.add(1e9, 0)).toBe(10);
        expect(wheelAcc.add(Number.NaN, 0)).toBe(0);
        expect(wheelAcc.add(Number.POSITIVE_INFINITY, 0)).toBe(0);
    });
});

describe('Mouse', () => {
    it('maps positions through the caller and tracks left, middle and right', () => {
        const { mouse, compact } = setup();
        mouse.handlePointerMove(pointer('mouse', 1, 20, 30));
        const down = pointer('mouse', 1, 20, 30, 1);
        mouse.handlePointerDown(down);
        mouse.handlePointerMove(pointer('mouse', 1, 21, 30, 1 | 4));
        mouse.handlePointerMove(pointer('mouse', 1, 21, 30, 1 | 4 | 2));
        mouse.handlePointerUp(pointer('mouse', 1, 21, 30, 0));
        expect(compact()).toEqual([[20, 40, 0], [20, 40, 1], [22, 40, 3], [22, 40, 7], [22, 40, 0]]);
        expect(down.prevented).toBe(true);
    });

    it('does not repeat an unchanged state and clamps to whole non-negative pixels', () => {
        const { mouse, compact } = setup();
        mouse.handlePointerMove(pointer('mouse', 1, 15.3, 15.3));
        mouse.handlePointerMove(pointer('mouse', 1, 15.4, 15.4));
        mouse.handlePointerMove(pointer('mouse', 1, 0, 0));
        expect(compact()).toEqual([[10, 10, 0], [0, 0, 0]]);
    });

    it('leaves touch pointers alone', () => {
        const { mouse, log } = setup();
        expect(mouse.handlePointerDown(pointer('touch', 2, 20, 20, 1))).toBe(false);
        expect(log).toEqual([]);
    });

    it('turns wheel notches into press+release of up and down at the wheel position', () => {
        const { mouse, compact } = setup();
        const event = wheel(200, 0, 20, 20);
        mouse.handleWheel(event);
        mouse.handleWheel(wheel(-3, 1, 20, 20));
        expect(compact()).toEqual([
            [20, 20, 0], [20, 20, 16], [20, 20, 0], [20, 20, 16], [20, 20, 0], [20, 20, 8], [20, 20, 0],
        ]);
        expect(event.prevented).toBe(true);
    });

    it('keeps held buttons during wheel clicks', () => {
        const { mouse, compact } = setup();
        mouse.handlePointerDown(pointer('mouse', 1, 10, 10, 1));
        mouse.handleWheel(wheel(100, 0, 10, 10));
        expect(compact()).toEqual([[0, 0, 1], [0, 0, 17], [0, 0, 1]]);
    });

    it('suppresses the context menu', () => {
        const { mouse } = setup();
        let prevented = false;
        mouse.handleContextMenu({ preventDefault: () => { prevented = true; } });
        expect(prevented).toBe(true);
    });

    it('releases buttons on cancel', () => {
        const { mouse, compact } = setup();
        mouse.handlePointerDown(pointer('mouse', 1, 10, 10, 2));
        mouse.handlePointerCancel(pointer('mouse', 1, 10, 10, 2));
        expect(compact()).toEqual([[0, 0, 4], [0, 0, 0]]);
    });
});
