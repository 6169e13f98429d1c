import { describe, expect, it } from 'vitest';
import {
    KeyLocation,
    codePointFromKeysym,
    isPrintableKey,
    keysymFromCodePoint,
    keysymFromKey,
    singleCodePoint,
} from '../../src/input/keysyms';

describe('keysymFromKey', () => {
    const table: [key: string, code: string, location: number, keysym: number | undefined][] = [
        // modifiers, left and right
        ['Shift', 'ShiftLeft', KeyLocation.left, 0xffe1],
        ['Shift', 'ShiftRight', KeyLocation.right, 0xffe2],
        ['Control', 'ControlLeft', KeyLocation.left, 0xffe3],
        ['Control', 'ControlRight', KeyLocation.right, 0xffe4],
        ['Alt', 'AltLeft', KeyLocation.left, 0xffe9],
        ['Alt', 'AltRight', KeyLocation.right, 0xffea],
        ['AltGraph', 'AltRight', KeyLocation.right, 0xfe03],
        ['Meta', 'MetaLeft', KeyLocation.left, 0xffeb],
        ['Meta', 'MetaRight', KeyLocation.right, 0xffec],
        ['CapsLock', 'CapsLock', 0, 0xffe5],
        ['NumLock', 'NumLock', 0, 0xff7f],
        ['ScrollLock', 'ScrollLock', 0, 0xff14],
        // whitespace, editing, navigation
        ['Enter', 'Enter', 0, 0xff0d],
        ['Tab', 'Tab', 0, 0xff09],
        ['Backspace', 'Backspace', 0, 0xff08],
        ['Delete', 'Delete', 0, 0xffff],
        ['Insert', 'Insert', 0, 0xff63],
        ['Escape', 'Escape', 0, 0xff1b],
        ['ArrowLeft', 'ArrowLeft', 0, 0xff51],
        ['ArrowUp', 'ArrowUp', 0, 0xff52],
        ['ArrowRight', 'ArrowRight', 0, 0xff53],
        ['ArrowDown', 'ArrowDown', 0, 0xff54],
        ['Home', 'Home', 0, 0xff50],
        ['End', 'End', 0, 0xff57],
        ['PageUp', 'PageUp', 0, 0xff55],
        ['PageDown', 'PageDown', 0, 0xff56],
        ['ContextMenu', 'ContextMenu', 0, 0xff67],
        ['PrintScreen', 'PrintScreen', 0, 0xff61],
        ['Pause', 'Pause', 0, 0xff13],
        // function keys
        ['F1', 'F1', 0, 0xffbe],
        ['F12', 'F12', 0, 0xffc9],
        ['F24', 'F24', 0, 0xffd5],
        ['F36', '', 0, undefined],
        // keypad by code, whatever NumLock says
        ['7', 'Numpad7', KeyLocation.numpad, 0xffb7],
        ['Home', 'Numpad7', KeyLocation.numpad, 0xff95],
        ['0', 'Numpad0', KeyLocation.numpad, 0xffb0],
        ['Insert', 'Numpad0', KeyLocation.numpad, 0xff9e],
        ['.', 'NumpadDecimal', KeyLocation.numpad, 0xffae],
        [',', 'NumpadDecimal', KeyLocation.numpad, 0xffac],
        ['Delete', 'NumpadDecimal', KeyLocation.numpad, 0xff9f],
        ['+', 'NumpadAdd', KeyLocation.numpad, 0xffab],
        ['-', 'NumpadSubtract', KeyLocation.numpad, 0xffad],
        ['*', 'NumpadMultiply', KeyLocation.numpad, 0xffaa],
        ['/', 'NumpadDivide', KeyLocation.numpad, 0xffaf],
        ['Enter', 'NumpadEnter', KeyLocation.numpad, 0xff8d],
        ['Clear', 'Numpad5', KeyLocation.numpad, 0xff9d],
        // media where X has keysyms
        ['AudioVolumeUp', 'AudioVolumeUp', 0, 0x1008ff13],
        ['AudioVolumeMute', 'AudioVolumeMute', 0, 0x1008ff12],
        ['MediaPlayPause', 'MediaPlayPause', 0, 0x1008ff14],
        ['MediaTrackNext', 'MediaTrackNext', 0, 0x1008ff17],
        ['BrowserBack', 'BrowserBack', 0, 0x1008ff26],
        // printable characters
        ['a', 'KeyA', 0, 0x61],
        ['A', 'KeyA', 0, 0x41],
        [' ', 'Space', 0, 0x20],
        ['~', 'Backquote', 0, 0x7e],
        ['é', 'KeyE', 0, 0xe9],
        ['ß', 'Minus', 0, 0xdf],
        ['€', 'KeyE', 0, 0x010020ac],
        ['ą', 'KeyA', 0, 0x01000105],
        ['ж', 'Semicolon', 0, 0x01000436],
        ['😀', '', 0, 0x0101f600],
        // no keysym
        ['Dead', 'Equal', 0, undefined],
        ['Unidentified', '', 0, undefined],
        ['Process', 'KeyA', 0, undefined],
        ['Fn', 'Fn', 0, undefined],
        ['ab', 'KeyA', 0, undefined],
    ];
    it.each(table)('%s (%s, location %i) → %s', (key, code, location, keysym) => {
        expect(keysymFromKey(key, code, location)).toBe(keysym);
    });
});

describe('code points', () => {
    it('maps Latin-1 to itself and the rest into the Unicode keysym range', () => {
        expect(keysymFromCodePoint(0x41)).toBe(0x41);
        expect(keysymFromCodePoint(0xff)).toBe(0xff);
        expect(keysymFromCodePoint(0x100)).toBe(0x01000100);
        expect(keysymFromCodePoint(0x10ffff)).toBe(0x0110ffff);
    });

    it('maps control characters that have keys and rejects the rest', () => {
        expect(keysymFromCodePoint(0x0a)).toBe(0xff0d);
        expect(keysymFromCodePoint(0x09)).toBe(0xff09);
        expect(keysymFromCodePoint(0x01)).toBeUndefined();
        expect(keysymFromCodePoint(0x85)).toBeUndefined();
        expect(keysymFromCodePoint(0xd800)).toBeUndefined();
        expect(keysymFromCodePoint(0x110000)).toBeUndefined();
        expect(keysymFromCodePoint(-1)).toBeUndefined();
    });

    it('inverts for printable keysyms', () => {
        expect(codePointFromKeysym(0xe9)).toBe(0xe9);
        expect(codePointFromKeysym(0x010065e5)).toBe(0x65e5);
        expect(codePointFromKeysym(0xff0d)).toBeUndefined();
    });

    it('counts code points, not UTF-16 units', () => {
        expect(singleCodePoint('😀')).toBe(0x1f600);
        expect(singleCodePoint('ab')).toBeUndefined();
        expect(isPrintableKey('😀')).toBe(true);
        expect(isPrintableKey('Enter')).toBe(false);
        expect(isPrintableKey('\u0007')).toBe(false);
    });
});
