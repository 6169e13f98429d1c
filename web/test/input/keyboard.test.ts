import { describe, expect, it } from 'vitest';
import { Keyboard } from '../../src/input/keyboard';
import { FakeClock, inputEvent, keyEvent, recordKeys } from './helpers';

function setup(options: ConstructorParameters<typeof Keyboard>[0] = {}) {
    const clock = new FakeClock();
    const keyboard = new Keyboard({ scheduler: clock, ...options });
    const log = recordKeys(keyboard);
    return { keyboard, log, clock };
}

describe('Keyboard press/release pairing', () => {
    it('presses and releases a character and prevents the default action', () => {
        const { keyboard, log } = setup();
        const down = keyEvent('a', 'KeyA');
        keyboard.handleKeyDown(down);
        keyboard.handleKeyUp(keyEvent('a', 'KeyA'));
        expect(log).toEqual([['+', 0x61], ['-', 0x61]]);
        expect(down.prevented).toBe(true);
    });

    it('releases the keysym it pressed even when Shift changed the key in between', () => {
        const { keyboard, log } = setup();
        keyboard.handleKeyDown(keyEvent('a', 'KeyA', { shiftKey: false }));
        keyboard.handleKeyDown(keyEvent('Shift', 'ShiftLeft', { location: 1, shiftKey: true }));
        keyboard.handleKeyUp(keyEvent('A', 'KeyA', { shiftKey: true }));
        keyboard.handleKeyUp(keyEvent('Shift', 'ShiftLeft', { location: 1, shiftKey: false }));
        expect(log).toEqual([['+', 0x61], ['+', 0xffe1], ['-', 0x61], ['-', 0xffe1]]);
    });

    it('releases the shifted keysym when Shift goes up first', () => {
        const { keyboard, log } = setup();
        keyboard.handleKeyDown(keyEvent('Shift', 'ShiftLeft', { location: 1, shiftKey: true }));
        keyboard.handleKeyDown(keyEvent('A', 'KeyA', { shiftKey: true }));
        keyboard.handleKeyUp(keyEvent('Shift', 'ShiftLeft', { location: 1, shiftKey: false }));
        keyboard.handleKeyUp(keyEvent('a', 'KeyA', { shiftKey: false }));
        expect(log).toEqual([['+', 0xffe1], ['+', 0x41], ['-', 0xffe1], ['-', 0x41]]);
    });

    it('sends auto-repeat as presses without releases, like X', () => {
        const { keyboard, log } = setup();
        keyboard.handleKeyDown(keyEvent('x', 'KeyX'));
        keyboard.handleKeyDown(keyEvent('x', 'KeyX', { repeat: true }));
        keyboard.handleKeyDown(keyEvent('x', 'KeyX', { repeat: true }));
        keyboard.handleKeyUp(keyEvent('x', 'KeyX'));
        expect(log).toEqual([['+', 0x78], ['+', 0x78], ['+', 0x78], ['-', 0x78]]);
    });

    it('ignores a keyup for a key it never pressed', () => {
        const { keyboard, log } = setup();
        keyboard.handleKeyUp(keyEvent('q', 'KeyQ'));
        expect(log).toEqual([]);
    });

    it('releases a modifier whose keyup was lost when a later event says it is up', () => {
        const { keyboard, log } = setup();
        keyboard.handleKeyDown(keyEvent('Shift', 'ShiftLeft', { location: 1, shiftKey: true }));
        keyboard.handleKeyDown(keyEvent('b', 'KeyB', { shiftKey: false }));
        expect(log).toEqual([['+', 0xffe1], ['-', 0xffe1], ['+', 0x62]]);
    });

    it('maps the keypad by code', () => {
        const { keyboard, log } = setup();
        keyboard.handleKeyDown(keyEvent('End', 'Numpad1', { location: 3 }));
        keyboard.handleKeyUp(keyEvent('1', 'Numpad1', { location: 3 }));
        expect(log).toEqual([['+', 0xff9c], ['-', 0xff9c]]);
    });

    it('leaves keys without a keysym to the browser', () => {
        const { keyboard, log } = setup();
        const down = keyEvent('Fn', 'Fn');
        keyboard.handleKeyDown(down);
        expect(log).toEqual([]);
        expect(down.prevented).toBe(false);
    });

    it('releases non-modifier keys when Meta goes up (macOS drops their keyups)', () => {
        const { keyboard, log } = setup();
        keyboard.handleKeyDown(keyEvent('Meta', 'MetaLeft', { location: 1, metaKey: true }));
        keyboard.handleKeyDown(keyEvent('c', 'KeyC', { metaKey: true }));
        keyboard.handleKeyUp(keyEvent('Meta', 'MetaLeft', { location: 1, metaKey: false }));
        keyboard.handleKeyUp(keyEvent('c', 'KeyC'));
        expect(log).toEqual([['+', 0xffeb], ['+', 0x63], ['-', 0xffeb], ['-', 0x63]]);
    });
});

describe('Keyboard browser shortcuts', () => {
    it('sends Ctrl+W but leaves its default action to the browser', () => {
        const { keyboard, log } = setup();
        keyboard.handleKeyDown(keyEvent('Control', 'ControlLeft', { location: 1, ctrlKey: true }));
        const w = keyEvent('w', 'KeyW', { ctrlKey: true });
        keyboard.handleKeyDown(w);
        expect(log).toEqual([['+', 0xffe3], ['+', 0x77]]);
        expect(w.prevented).toBe(false);
    });

    it('keeps Ctrl+Tab for the browser but prevents it under Keyboard Lock', () => {
        const { keyboard } = setup();
        const first = keyEvent('Tab', 'Tab', { ctrlKey: true });
        keyboard.handleKeyDown(first);
        keyboard.handleKeyUp(keyEvent('Tab', 'Tab', { ctrlKey: true }));
        expect(first.prevented).toBe(false);
        keyboard.locked = true;
        const second = keyEvent('Tab', 'Tab', { ctrlKey: true });
        keyboard.handleKeyDown(second);
        expect(second.prevented).toBe(true);
    });

    it('prevents ordinary Ctrl shortcuts such as Ctrl+C', () => {
        const { keyboard } = setup();
        const c = keyEvent('c', 'KeyC', { ctrlKey: true });
        keyboard.handleKeyDown(c);
        expect(c.prevented).toBe(true);
    });
});

describe('Keyboard dead keys', () => {
    it('sends nothing for the dead key and the composed character for the next key (´ then e → é)', () => {
        const { keyboard, log } = setup();
        const dead = keyEvent('Dead', 'Equal');
        keyboard.handleKeyDown(dead);
        keyboard.handleKeyUp(keyEvent('Dead', 'Equal'));
        expect(log).toEqual([]);
        expect(dead.prevented).toBe(false);
        keyboard.handleKeyDown(keyEvent('é', 'KeyE'));
        keyboard.handleKeyPress(keyEvent('é', 'KeyE'));
        keyboard.handleKeyUp(keyEvent('e', 'KeyE'));
        expect(log).toEqual([['+', 0xe9], ['-', 0xe9]]);
    });

    it('takes the composed character from keydown alone when no keypress follows', () => {
        const { keyboard, log } = setup();
        keyboard.handleKeyDown(keyEvent('Dead', 'BracketLeft'));
        keyboard.handleKeyUp(keyEvent('Dead', 'BracketLeft'));
        keyboard.handleKeyDown(keyEvent('ê', 'KeyE'));
        keyboard.handleKeyUp(keyEvent('e', 'KeyE'));
        expect(log).toEqual([['+', 0xea], ['-', 0xea]]);
    });

    it('sends the accent itself for dead key then space', () => {
        const { keyboard, log } = setup();
        keyboard.handleKeyDown(keyEvent('Dead', 'Equal'));
        keyboard.handleKeyUp(keyEvent('Dead', 'Equal'));
        keyboard.handleKeyDown(keyEvent('´', 'Space'));
        keyboard.handleKeyPress(keyEvent('´', 'Space'));
        keyboard.handleKeyUp(keyEvent(' ', 'Space'));
        expect(log).toEqual([['+', 0xb4], ['-', 0xb4]]);
    });

    it('sends both characters when the accent does not combine (keypress path)', () => {
        const { keyboard, log } = setup();
        keyboard.handleKeyDown(keyEvent('Dead', 'Equal'));
        keyboard.handleKeyUp(keyEvent('Dead', 'Equal'));
        keyboard.handleKeyDown(keyEvent('q', 'KeyQ'));
        keyboard.handleKeyPress(keyEvent('´', 'KeyQ'));
        keyboard.handleKeyPress(keyEvent('q', 'KeyQ'));
        keyboard.handleKeyUp(keyEvent('q', 'KeyQ'));
        expect(log).toEqual([['+', 0xb4], ['-', 0xb4], ['+', 0x71], ['-', 0x71]]);
    });

    it('sends both characters when the accent does not combine (beforeinput path)', () => {
        const { keyboard, log } = setup();
        keyboard.handleKeyDown(keyEvent('Dead', 'Backquote'));
        keyboard.handleKeyUp(keyEvent('Dead', 'Backquote'));
        keyboard.handleKeyDown(keyEvent('q', 'KeyQ'));
        const input = inputEvent('insertText', '`q');
        keyboard.handleBeforeInput(input);
        keyboard.handleKeyUp(keyEvent('q', 'KeyQ'));
        expect(log).toEqual([['+', 0x60], ['-', 0x60], ['+', 0x71], ['-', 0x71]]);
        expect(input.prevented).toBe(true);
    });

    it('keeps Shift pressed across a dead key and sends the capital (´ Shift+E → É)', () => {
        const { keyboard, log } = setup();
        keyboard.handleKeyDown(keyEvent('Dead', 'Equal'));
        keyboard.handleKeyUp(keyEvent('Dead', 'Equal'));
        keyboard.handleKeyDown(keyEvent('Shift', 'ShiftLeft', { location: 1, shiftKey: true }));
        keyboard.handleKeyDown(keyEvent('É', 'KeyE', { shiftKey: true }));
        keyboard.handleKeyUp(keyEvent('E', 'KeyE', { shiftKey: true }));
        keyboard.handleKeyUp(keyEvent('Shift', 'ShiftLeft', { location: 1, shiftKey: false }));
        expect(log).toEqual([['+', 0xffe1], ['+', 0xc9], ['-', 0xc9], ['-', 0xffe1]]);
    });

    it('sends the composed character as soon as another key goes down, and releases it on its keyup', () => {
        const { keyboard, log } = setup();
        keyboard.handleKeyDown(keyEvent('Dead', 'Equal'));
        keyboard.handleKeyDown(keyEvent('é', 'KeyE'));
        keyboard.handleKeyUp(keyEvent('Dead', 'Equal'));
        keyboard.handleKeyDown(keyEvent('t', 'KeyT'));
        keyboard.handleKeyUp(keyEvent('e', 'KeyE'));
        keyboard.handleKeyUp(keyEvent('t', 'KeyT'));
        expect(log).toEqual([['+', 0xe9], ['+', 0x74], ['-', 0xe9], ['-', 0x74]]);
    });

    it('drops a pending dead key on a non-character key', () => {
        const { keyboard, log } = setup();
        keyboard.handleKeyDown(keyEvent('Dead', 'Equal'));
        keyboard.handleKeyUp(keyEvent('Dead', 'Equal'));
        keyboard.handleKeyDown(keyEvent('Escape', 'Escape'));
        keyboard.handleKeyUp(keyEvent('Escape', 'Escape'));
        keyboard.handleKeyDown(keyEvent('e', 'KeyE'));
        keyboard.handleKeyUp(keyEvent('e', 'KeyE'));
        expect(log).toEqual([['+', 0xff1b], ['-', 0xff1b], ['+', 0x65], ['-', 0x65]]);
    });
});

describe('Keyboard AltGr', () => {
    const ctrlDown = () => keyEvent('Control', 'ControlLeft', { location: 1, ctrlKey: true });
    const altGrDown = () => keyEvent('AltGraph', 'AltRight', { location: 2, ctrlKey: true, altKey: true });

    it('turns Windows Ctrl+Alt+q on a German layout (@) into ISO_Level3_Shift + @ with no Control', () => {
        const { keyboard, log } = setup();
        keyboard.handleKeyDown(ctrlDown());
        keyboard.handleKeyDown(altGrDown());
        const q = keyEvent('@', 'KeyQ', { ctrlKey: true, altKey: true });
        keyboard.handleKeyDown(q);
        keyboard.handleKeyUp(keyEvent('@', 'KeyQ', { ctrlKey: true, altKey: true }));
        keyboard.handleKeyUp(keyEvent('Control', 'ControlLeft', { location: 1, altKey: true }));
        keyboard.handleKeyUp(keyEvent('AltGraph', 'AltRight', { location: 2 }));
        expect(log).toEqual([['+', 0xfe03], ['+', 0x40], ['-', 0x40], ['-', 0xfe03]]);
        expect(log.some(([, k]) => k === 0xffe3 || k === 0xffe4)).toBe(false);
        expect(q.prevented).toBe(true);
        expect(keyboard.pressedKeysyms).toEqual([]);
    });

    it('keeps AltGr held for several characters', () => {
        const { keyboard, log } = setup();
        keyboard.handleKeyDown(ctrlDown());
        keyboard.handleKeyDown(altGrDown());
        keyboard.handleKeyDown(keyEvent('€', 'KeyE', { ctrlKey: true, altKey: true }));
        keyboard.handleKeyUp(keyEvent('€', 'KeyE', { ctrlKey: true, altKey: true }));
        keyboard.handleKeyDown(keyEvent('{', 'Digit7', { ctrlKey: true, altKey: true }));
        keyboard.handleKeyUp(keyEvent('{', 'Digit7', { ctrlKey: true, altKey: true }));
        keyboard.handleKeyUp(keyEvent('AltGraph', 'AltRight', { location: 2, ctrlKey: true }));
        keyboard.handleKeyUp(keyEvent('Control', 'ControlLeft', { location: 1 }));
        expect(log).toEqual([
            ['+', 0xfe03], ['+', 0x010020ac], ['-', 0x010020ac], ['+', 0x7b], ['-', 0x7b], ['-', 0xfe03],
        ]);
    });

    it('keeps Ctrl+Alt shortcuts such as Ctrl+Alt+Delete', () => {
        const { keyboard, log } = setup();
        keyboard.handleKeyDown(ctrlDown());
        keyboard.handleKeyDown(altGrDown());
        keyboard.handleKeyDown(keyEvent('Delete', 'Delete', { ctrlKey: true, altKey: true }));
        keyboard.handleKeyUp(keyEvent('Delete', 'Delete', { ctrlKey: true, altKey: true }));
        keyboard.handleKeyUp(keyEvent('Control', 'ControlLeft', { location: 1, altKey: true }));
        keyboard.handleKeyUp(keyEvent('AltGraph', 'AltRight', { location: 2 }));
        expect(log).toEqual([
            ['+', 0xffe3], ['+', 0xffea], ['+', 0xffff], ['-', 0xffff], ['-', 0xffe3], ['-', 0xffea],
        ]);
    });

    it('keeps Ctrl+Alt+letter when the layout gives the plain letter', () => {
        const { keyboard, log } = setup();
        keyboard.handleKeyDown(ctrlDown());
        keyboard.handleKeyDown(altGrDown());
        keyboard.handleKeyDown(keyEvent('t', 'KeyT', { ctrlKey: true, altKey: true }));
        expect(log).toEqual([['+', 0xffe3], ['+', 0xffea], ['+', 0x74]]);
    });

    it('sends left Ctrl + left Alt as they are', () => {
        const { keyboard, log } = setup();
        keyboard.handleKeyDown(ctrlDown());
        keyboard.handleKeyDown(keyEvent('Alt', 'AltLeft', { location: 1, ctrlKey: true, altKey: true }));
        keyboard.handleKeyDown(keyEvent('t', 'KeyT', { ctrlKey: true, altKey: true }));
        expect(log).toEqual([['+', 0xffe3], ['+', 0xffe9], ['+', 0x74]]);
    });

    it('sends AltGr as ISO_Level3_Shift where the browser reports AltGraph without a Control (Linux, macOS)', () => {
        const { keyboard, log } = setup();
        keyboard.handleKeyDown(keyEvent('AltGraph', 'AltRight', { location: 2 }));
        keyboard.handleKeyDown(keyEvent('@', 'KeyQ'));
        keyboard.handleKeyUp(keyEvent('@', 'KeyQ'));
        keyboard.handleKeyUp(keyEvent('AltGraph', 'AltRight', { location: 2 }));
        expect(log).toEqual([['+', 0xfe03], ['+', 0x40], ['-', 0x40], ['-', 0xfe03]]);
    });

    it('sends a lone left Control once its short hold-back expires', () => {
        const { keyboard, log, clock } = setup();
        keyboard.handleKeyDown(ctrlDown());
        expect(log).toEqual([]);
        clock.advance(30);
        expect(log).toEqual([['+', 0xffe3]]);
        keyboard.handleKeyUp(keyEvent('Control', 'ControlLeft', { location: 1 }));
        expect(log).toEqual([['+', 0xffe3], ['-', 0xffe3]]);
    });

    it('sends a left Control released before the hold-back expires as press and release', () => {
        const { keyboard, log, clock } = setup();
        keyboard.handleKeyDown(ctrlDown());
        keyboard.handleKeyUp(keyEvent('Control', 'ControlLeft', { location: 1 }));
        expect(log).toEqual([['+', 0xffe3], ['-', 0xffe3]]);
        expect(clock.pending).toBe(0);
    });

    it('sends AltGr pressed and released alone as ISO_Level3_Shift', () => {
        const { keyboard, log } = setup();
        keyboard.handleKeyDown(ctrlDown());
        keyboard.handleKeyDown(altGrDown());
        keyboard.handleKeyUp(keyEvent('Control', 'ControlLeft', { location: 1, altKey: true }));
        keyboard.handleKeyUp(keyEvent('AltGraph', 'AltRight', { location: 2 }));
        expect(log).toEqual([['+', 0xfe03], ['-', 0xfe03]]);
    });

    it('can be turned off', () => {
        const { keyboard, log } = setup({ altGrDetection: false });
        keyboard.handleKeyDown(ctrlDown());
        keyboard.handleKeyDown(altGrDown());
        expect(log).toEqual([['+', 0xffe3], ['+', 0xfe03]]);
    });
});

describe('Keyboard IME composition', () => {
    it('sends nothing while composing and each committed code point on compositionend (日本)', () => {
        const { keyboard, log } = setup();
        keyboard.handleKeyDown(keyEvent('Process', 'KeyN', { keyCode: 229 }));
        keyboard.handleCompositionStart({ data: '' });
        keyboard.handleCompositionUpdate({ data: 'に' });
        keyboard.handleKeyDown(keyEvent('i', 'KeyI', { isComposing: true }));
        keyboard.handleKeyUp(keyEvent('i', 'KeyI', { isComposing: true }));
        keyboard.handleBeforeInput({ ...inputEvent('insertCompositionText', 'にほん'), isComposing: true });
        keyboard.handleCompositionUpdate({ data: '日本' });
        expect(log).toEqual([]);
        keyboard.handleCompositionEnd({ data: '日本' });
        expect(log).toEqual([['+', 0x010065e5], ['-', 0x010065e5], ['+', 0x0100672c], ['-', 0x0100672c]]);
    });

    it('counts astral characters as one code point', () => {
        const { keyboard, log } = setup();
        keyboard.handleCompositionStart({ data: '' });
        keyboard.handleCompositionEnd({ data: '𝄞' });
        expect(log).toEqual([['+', 0x0101d11e], ['-', 0x0101d11e]]);
    });

    it('handles a macOS dead key that starts a composition', () => {
        const { keyboard, log } = setup();
        keyboard.handleKeyDown(keyEvent('Dead', 'KeyE', { altKey: true }));
        keyboard.handleCompositionStart({ data: '' });
        keyboard.handleCompositionUpdate({ data: '´' });
        keyboard.handleKeyUp(keyEvent('Dead', 'KeyE', { isComposing: true }));
        keyboard.handleKeyDown(keyEvent('é', 'KeyE', { isComposing: true }));
        keyboard.handleCompositionEnd({ data: 'é' });
        keyboard.handleKeyUp(keyEvent('e', 'KeyE'));
        expect(log).toEqual([['+', 0xe9], ['-', 0xe9]]);
    });

    it('still releases a modifier pressed before the composition', () => {
        const { keyboard, log } = setup();
        keyboard.handleKeyDown(keyEvent('Shift', 'ShiftLeft', { location: 1, shiftKey: true }));
        keyboard.handleCompositionStart({ data: '' });
        keyboard.handleKeyUp(keyEvent('Shift', 'ShiftLeft', { location: 1, isComposing: true }));
        expect(log).toEqual([['+', 0xffe1], ['-', 0xffe1]]);
    });
});

describe('Keyboard text input', () => {
    it('types text as press/release per code point, CR LF as one Return', () => {
        const { keyboard, log } = setup();
        keyboard.typeText('a\r\nß\t');
        expect(log).toEqual([
            ['+', 0x61], ['-', 0x61], ['+', 0xff0d], ['-', 0xff0d], ['+', 0xdf], ['-', 0xdf], ['+', 0xff09], ['-', 0xff09],
        ]);
    });

    it('types text a virtual keyboard delivers through beforeinput after an Unidentified keydown', () => {
        const { keyboard, log } = setup();
        keyboard.handleKeyDown(keyEvent('Unidentified', ''));
        const insert = inputEvent('insertText', 'x');
        keyboard.handleBeforeInput(insert);
        keyboard.handleKeyDown(keyEvent('Unidentified', ''));
        keyboard.handleBeforeInput(inputEvent('deleteContentBackward', null));
        expect(log).toEqual([['+', 0x78], ['-', 0x78], ['+', 0xff08], ['-', 0xff08]]);
        expect(insert.prevented).toBe(true);
    });

    it('ignores beforeinput that no unidentified key announced', () => {
        const { keyboard, log } = setup();
        keyboard.handleBeforeInput(inputEvent('insertText', 'x'));
        expect(log).toEqual([]);
    });
});

describe('Keyboard stuck keys', () => {
    it('releaseAll releases everything in reverse order and forgets pending state', () => {
        const { keyboard, log } = setup();
        keyboard.handleKeyDown(keyEvent('Shift', 'ShiftLeft', { location: 1, shiftKey: true }));
        keyboard.handleKeyDown(keyEvent('A', 'KeyA', { shiftKey: true }));
        keyboard.handleKeyDown(keyEvent('Dead', 'Equal', { shiftKey: true }));
        keyboard.releaseAll();
        expect(log).toEqual([['+', 0xffe1], ['+', 0x41], ['-', 0x41], ['-', 0xffe1]]);
        keyboard.handleKeyUp(keyEvent('a', 'KeyA'));
        keyboard.handleKeyDown(keyEvent('e', 'KeyE'));
        expect(log.slice(4)).toEqual([['+', 0x65]]);
    });

    function fakeDom() {
        const win = new EventTarget();
        const doc = Object.assign(new EventTarget(), { defaultView: win, visibilityState: 'visible' as DocumentVisibilityState });
        const element = Object.assign(new EventTarget(), { ownerDocument: doc });
        return { win, doc, element, asElement: element as unknown as HTMLElement };
    }

    function keyDomEvent(type: string, key: string, code: string, location = 0): Event {
        return Object.assign(new Event(type, { cancelable: true }), { key, code, location });
    }

    it.each(['element blur', 'element focusout', 'window blur', 'page hidden'])('releases everything on %s', (trigger) => {
        const { keyboard, log } = setup();
        const { win, doc, element, asElement } = fakeDom();
        keyboard.attach(asElement);
        element.dispatchEvent(keyDomEvent('keydown', 'Control', 'ControlRight', 2));
        element.dispatchEvent(keyDomEvent('keydown', 'a', 'KeyA'));
        switch (trigger) {
            case 'element blur': element.dispatchEvent(new Event('blur')); break;
            case 'element focusout': element.dispatchEvent(new Event('focusout')); break;
            case 'window blur': win.dispatchEvent(new Event('blur')); break;
            default:
                doc.visibilityState = 'hidden';
                doc.dispatchEvent(new Event('visibilitychange'));
        }
        expect(log).toEqual([['+', 0xffe4], ['+', 0x61], ['-', 0x61], ['-', 0xffe4]]);
        element.dispatchEvent(keyDomEvent('keyup', 'a', 'KeyA'));
        expect(log).toHaveLength(4);
    });

    it('empties an editable element once composed text or other input has landed in it', () => {
        const { keyboard, log, clock } = setup();
        const { element, asElement } = fakeDom();
        const field = Object.assign(element, { value: '' });
        keyboard.attach(asElement);
        element.dispatchEvent(new Event('compositionstart'));
        field.value = '日本';
        element.dispatchEvent(Object.assign(new Event('input'), { isComposing: true }));
        expect(field.value).toBe('日本');
        element.dispatchEvent(Object.assign(new Event('compositionend'), { data: '日本' }));
        expect(log).toHaveLength(4);
        clock.advance(0);
        expect(field.value).toBe('');
        field.value = 'é';
        element.dispatchEvent(Object.assign(new Event('input'), { isComposing: false }));
        expect(field.value).toBe('');
    });

    it('does not release on a visible visibilitychange, and detaching releases and unwires', () => {
        const { keyboard, log } = setup();
        const { doc, element, asElement } = fakeDom();
        const detach = keyboard.attach(asElement);
        const down = keyDomEvent('keydown', 'z', 'KeyZ');
        element.dispatchEvent(down);
        expect(down.defaultPrevented).toBe(true);
        doc.dispatchEvent(new Event('visibilitychange'));
        expect(log).toEqual([['+', 0x7a]]);
        detach();
        expect(log).toEqual([['+', 0x7a], ['-', 0x7a]]);
        element.dispatchEvent(keyDomEvent('keydown', 'z', 'KeyZ'));
        expect(log).toHaveLength(2);
    });
});
