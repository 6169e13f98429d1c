import { describe, expect, it } from 'vitest';
import { Keyboard } from '../../src/input/keyboard';
import { KeyboardLock, type FullscreenDocument } from '../../src/input/keyboard-lock';
import { keyEvent } from './helpers';

function fakes(lockFails = false) {
    const calls: string[] = [];
    const keyboardApi = {
        lock: async () => {
            calls.push('lock');
            if (lockFails) throw new Error('not allowed');
        },
        unlock: () => {
            calls.push('unlock');
        },
    };
    const listeners = new Set<() => void>();
    const doc = {
        fullscreenElement: null as Element | null,
        exitFullscreen: async () => {
            calls.push('exit');
            doc.fullscreenElement = null;
        },
        addEventListener: (_type: 'fullscreenchange', listener: () => void) => listeners.add(listener),
        removeEventListener: (_type: 'fullscreenchange', listener: () => void) => listeners.delete(listener),
    } satisfies FullscreenDocument;
    const fire = () => {
        for (const listener of listeners) listener();
    };
    const element = {
        requestFullscreen: async () => {
            calls.push('fullscreen');
            doc.fullscreenElement = element as unknown as Element;
        },
    };
    return { calls, keyboardApi, doc, fire, listeners, element: element as unknown as Element };
}

describe('KeyboardLock', () => {
    it('enters fullscreen, locks, and tells the Keyboard to keep browser shortcuts', async () => {
        const f = fakes();
        const keyboard = new Keyboard();
        const lock = new KeyboardLock({ keyboard: f.keyboardApi, document: f.doc, target: keyboard });
        const changes: boolean[] = [];
        lock.on('change', (active) => changes.push(active));
        expect(lock.supported).toBe(true);
        expect(await lock.enterFullscreen(f.element)).toBe(true);
        expect(f.calls).toEqual(['fullscreen', 'lock']);
        expect(lock.active).toBe(true);
        expect(keyboard.locked).toBe(true);
        const ctrlW = keyEvent('w', 'KeyW', { ctrlKey: true });
        keyboard.handleKeyDown(ctrlW);
        expect(ctrlW.prevented).toBe(true);
        await lock.exitFullscreen();
        expect(f.calls).toEqual(['fullscreen', 'lock', 'unlock', 'exit']);
        expect(keyboard.locked).toBe(false);
        expect(changes).toEqual([true, false]);
    });

    it('follows fullscreen changes made elsewhere (Escape held, F11)', async () => {
        const f = fakes();
        const lock = new KeyboardLock({ keyboard: f.keyboardApi, document: f.doc });
        const detach = lock.attach();
        f.doc.fullscreenElement = f.element;
        f.fire();
        await Promise.resolve();
        expect(lock.active).toBe(true);
        f.doc.fullscreenElement = null;
        f.fire();
        expect(lock.active).toBe(false);
        detach();
        expect(f.listeners.size).toBe(0);
    });

    it('reports inactive when the API is missing or refuses', async () => {
        const missing = fakes();
        const without = new KeyboardLock({ document: missing.doc });
        if (!without.supported) {
            expect(await without.enterFullscreen(missing.element)).toBe(false);
            expect(missing.calls).toEqual(['fullscreen']);
        }
        const refusing = fakes(true);
        const lock = new KeyboardLock({ keyboard: refusing.keyboardApi, document: refusing.doc });
        expect(await lock.lock()).toBe(false);
        expect(lock.active).toBe(false);
    });
});
