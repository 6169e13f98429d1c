import { describe, expect, it } from 'vitest';
import { buttonMask, type MouseState } from '../../src/input/mouse';
import { Touch, type TouchMode } from '../../src/input/touch';
import { FakeClock, pointer } from './helpers';

const identity = (x: number, y: number) => ({ x, y });

function setup(mode: TouchMode) {
    const clock = new FakeClock();
    const touch = new Touch(identity, { mode, clock, remoteSize: () => ({ width: 1000, height: 800 }) });
    const log: MouseState[] = [];
    touch.on('mouse', (s) => log.push(s));
    const compact = () => log.map((s) => [s.x, s.y, buttonMask(s)]);
    const down = (id: number, x: number, y: number) => touch.handlePointerDown(pointer('touch', id, x, y, 1));
    const move = (id: number, x: number, y: number) => touch.handlePointerMove(pointer('touch', id, x, y, 1));
    const up = (id: number, x: number, y: number) => touch.handlePointerUp(pointer('touch', id, x, y, 0));
    return { touch, clock, log, compact, down, move, up };
}

describe('Touch, direct mode', () => {
    it('taps as a left click at the finger', () => {
        const t = setup('direct');
        t.down(1, 100, 200);
        t.clock.advance(80);
        t.up(1, 100, 200);
        expect(t.compact()).toEqual([[100, 200, 0], [100, 200, 1], [100, 200, 0]]);
        expect(t.clock.pending).toBe(0);
    });

    it('long-presses as a right click and ignores the rest of that touch', () => {
        const t = setup('direct');
        t.down(1, 50, 60);
        t.clock.advance(499);
        expect(t.compact()).toEqual([[50, 60, 0]]);
        t.clock.advance(1);
        expect(t.compact()).toEqual([[50, 60, 0], [50, 60, 4], [50, 60, 0]]);
        t.move(1, 90, 90);
        t.up(1, 90, 90);
        expect(t.log).toHaveLength(3);
    });

    it('two-finger taps as a right click', () => {
        const t = setup('direct');
        t.down(1, 100, 100);
        t.clock.advance(20);
        t.down(2, 140, 100);
        t.clock.advance(80);
        t.up(1, 100, 100);
        t.up(2, 140, 100);
        expect(t.compact()).toEqual([[100, 100, 0], [100, 100, 4], [100, 100, 0]]);
        t.clock.advance(1000);
        expect(t.log).toHaveLength(3);
    });

    it('does not right-click for a slow two-finger touch', () => {
        const t = setup('direct');
        t.down(1, 100, 100);
        t.down(2, 140, 100);
        t.clock.advance(400);
        t.up(1, 100, 100);
        t.up(2, 140, 100);
        expect(t.compact()).toEqual([[100, 100, 0]]);
    });

    it('scrolls with a two-finger vertical drag (fingers down = wheel up)', () => {
        const t = setup('direct');
        t.down(1, 100, 100);
        t.down(2, 140, 100);
        t.move(1, 100, 130);
        t.move(2, 140, 130);
        t.move(1, 100, 160);
        t.move(2, 140, 160);
        t.move(1, 100, 130);
        t.move(2, 140, 130);
        t.up(1, 100, 130);
        t.up(2, 140, 130);
        expect(t.compact()).toEqual([
            [100, 100, 0],
            [100, 100, 8], [100, 100, 0],
            [100, 100, 8], [100, 100, 0],
            [100, 100, 16], [100, 100, 0],
        ]);
    });

    it('drags with the left button from where the finger started', () => {
        const t = setup('direct');
        t.down(1, 10, 10);
        t.move(1, 12, 12);
        t.move(1, 40, 10);
        t.move(1, 60, 20);
        t.clock.advance(1000);
        t.up(1, 60, 20);
        expect(t.compact()).toEqual([[10, 10, 0], [10, 10, 1], [40, 10, 1], [60, 20, 1], [60, 20, 0]]);
    });

    it('releases a drag when the touch is cancelled', () => {
        const t = setup('direct');
        t.down(1, 10, 10);
        t.move(1, 40, 10);
        t.touch.handlePointerCancel(pointer('touch', 1, 40, 10, 0));
        expect(t.compact().at(-1)).toEqual([40, 10, 0]);
    });

    it('ignores mouse pointers', () => {
        const t = setup('direct');
        t.touch.handlePointerDown(pointer('mouse', 1, 10, 10, 1));
        expect(t.log).toEqual([]);
    });
});

describe('Touch, touchpad mode', () => {
    it('moves a relative pointer by finger deltas, starting at the middle of the display', () => {
        const t = setup('touchpad');
        t.down(1, 300, 300);
        t.clock.advance(100);
        t.move(1, 310, 305);
        t.clock.advance(100);
        t.move(1, 320, 310);
        t.up(1, 320, 310);
        expect(t.compact()).toEqual([[510, 405, 0], [520, 410, 0]]);
    });

    it('accelerates fast movements', () => {
        const t = setup('touchpad');
        t.down(1, 300, 300);
        t.clock.advance(10);
        t.move(1, 340, 300); // 4 px/ms: full boost, 3x
        expect(t.compact()).toEqual([[620, 400, 0]]);
    });

    it('keeps the pointer on the display', () => {
        const t = setup('touchpad');
        t.down(1, 0, 0);
        t.clock.advance(1000);
        t.move(1, 0, -900);
        expect(t.compact()).toEqual([[500, 0, 0]]);
    });

    it('taps as a left click at the pointer, not at the finger', () => {
        const t = setup('touchpad');
        t.down(1, 10, 10);
        t.clock.advance(100);
        t.up(1, 10, 10);
        expect(t.compact()).toEqual([[500, 400, 0], [500, 400, 1], [500, 400, 0]]);
    });

    it('does not click after a move or a long touch', () => {
        const t = setup('touchpad');
        t.down(1, 10, 10);
        t.clock.advance(100);
        t.move(1, 40, 10);
        t.up(1, 40, 10);
        const afterMove = t.log.length;
        t.down(1, 10, 10);
        t.clock.advance(600);
        t.up(1, 10, 10);
        expect(t.log).toHaveLength(afterMove);
        expect(t.log.every((s) => buttonMask(s) === 0)).toBe(true);
    });

    it('two-finger taps as a right click and scrolls with two fingers (60 px up = two notches down)', () => {
        const t = setup('touchpad');
        t.down(1, 10, 10);
        t.down(2, 50, 10);
        t.clock.advance(100);
        t.up(1, 10, 10);
        t.up(2, 50, 10);
        t.down(1, 10, 100);
        t.down(2, 50, 100);
        t.move(1, 10, 40);
        t.move(2, 50, 40);
        t.up(1, 10, 40);
        t.up(2, 50, 40);
        expect(t.compact()).toEqual([
            [500, 400, 0], [500, 400, 4], [500, 400, 0],
            [500, 400, 16], [500, 400, 0], [500, 400, 16], [500, 400, 0],
        ]);
    });

    it('switching modes releases a held drag', () => {
        const t = setup('direct');
        t.down(1, 10, 10);
        t.move(1, 40, 10);
        t.touch.mode = 'touchpad';
        expect(t.compact().at(-1)).toEqual([40, 10, 0]);
        expect(t.touch.mode).toBe('touchpad');
    });
});
