// A minimal on-screen keyboard (US layout). Modifier keys latch: tapping Shift/Ctrl/Alt/AltGr/Super holds that
// modifier down on the remote side until the next ordinary key has been typed (or the modifier is tapped again).

import { InputEmitter } from './emitter';
import type { KeyboardEvents } from './keyboard';
import { Keysym } from './keysyms';

export type OnScreenModifier = 'shift' | 'ctrl' | 'alt' | 'altgr' | 'super';

export interface OnScreenKey {
    /** Unique within the layout. */
    readonly id: string;
    readonly label: string;
    readonly keysym: number;
    /** Label and keysym while Shift is latched, when they differ. */
    readonly shiftLabel?: string | undefined;
    readonly shiftKeysym?: number | undefined;
    readonly modifier?: OnScreenModifier | undefined;
    /** Relative width; default 1. */
    readonly width?: number | undefined;
}

export type OnScreenLayout = readonly (readonly OnScreenKey[])[];

function char(id: string, normal: string, shifted?: string): OnScreenKey {
    const key: OnScreenKey = { id, label: normal, keysym: normal.codePointAt(0) ?? 0 };
    if (shifted === undefined) return key;
    return { ...key, shiftLabel: shifted, shiftKeysym: shifted.codePointAt(0) ?? 0 };
}

function letters(row: string): OnScreenKey[] {
    return [...row].map((c) => char(`Key${c.toUpperCase()}`, c, c.toUpperCase()));
}

function fkeys(): OnScreenKey[] {
    return Array.from({ length: 12 }, (_, i) => ({ id: `F${i + 1}`, label: `F${i + 1}`, keysym: Keysym.F1 + i }));
}

/** A US QWERTY layout with Esc, F1–F12, Tab, Shift, Ctrl, Alt, AltGr, Super and arrows. */
export const usLayout: OnScreenLayout = [
    [{ id: 'Escape', label: 'Esc', keysym: Keysym.Escape }, ...fkeys(), { id: 'Delete', label: 'Del', keysym: Keysym.Delete }],
    [
        char('Backquote', '`', '~'), char('Digit1', '1', '!'), char('Digit2', '2', '@'), char('Digit3', '3', '#'),
        char('Digit4', '4', '$'), char('Digit5', '5', '%'), char('Digit6', '6', '^'), char('Digit7', '7', '&'),
        char('Digit8', '8', '*'), char('Digit9', '9', '('), char('Digit0', '0', ')'), char('Minus', '-', '_'),
        char('Equal', '=', '+'), { id: 'Backspace', label: '⌫', keysym: Keysym.BackSpace, width: 2 },
    ],
    [
        { id: 'Tab', label: 'Tab', keysym: Keysym.Tab, width: 1.5 }, ...letters('qwertyuiop'),
        char('BracketLeft', '[', '{'), char('BracketRight', ']', '}'), { ...char('Backslash', '\\', '|'), width: 1.5 },
    ],
    [
        { id: 'CapsLock', label: 'Caps', keysym: Keysym.CapsLock, width: 1.75 }, ...letters('asdfghjkl'),
        char('Semicolon', ';', ':'), char('Quote', "'", '"'), { id: 'Enter', label: 'Enter', keysym: Keysym.Return, width: 2.25 },
    ],
    [
        { id: 'ShiftLeft', label: 'Shift', keysym: Keysym.ShiftLeft, modifier: 'shift', width: 2.25 }, ...letters('zxcvbnm'),
        char('Comma', ',', '<'), char('Period', '.', '>'), char('Slash', '/', '?'),
        { id: 'ArrowUp', label: '↑', keysym: Keysym.Up }, { id: 'Home', label: 'Home', keysym: Keysym.Home },
    ],
    [
        { id: 'ControlLeft', label: 'Ctrl', keysym: Keysym.ControlLeft, modifier: 'ctrl', width: 1.5 },
        { id: 'MetaLeft', label: 'Super', keysym: Keysym.SuperLeft, modifier: 'super', width: 1.25 },
        { id: 'AltLeft', label: 'Alt', keysym: Keysym.AltLeft, modifier: 'alt', width: 1.25 },
        { id: 'Space', label: ' ', keysym: 0x20, width: 5 },
        { id: 'AltRight', label: 'AltGr', keysym: Keysym.IsoLevel3Shift, modifier: 'altgr', width: 1.25 },
        { id: 'ArrowLeft', label: '←', keysym: Keysym.Left }, { id: 'ArrowDown', label: '↓', keysym: Keysym.Down },
        { id: 'ArrowRight', label: '→', keysym: Keysym.Right }, { id: 'End', label: 'End', keysym: Keysym.End },
    ],
];

/** Emits `keydown`/`keyup` keysyms like Keyboard, so the shell wires both the same way. */
export class OnScreenKeyboard extends InputEmitter<KeyboardEvents> {
    readonly #keys = new Map<string, OnScreenKey>();
    /** Latched modifiers, with the keysym that was pressed for each, in latch order. */
    readonly #latched = new Map<OnScreenModifier, number>();
    readonly #renderers = new Set<() => void>();

    constructor(readonly layout: OnScreenLayout = usLayout) {
        super();
        for (const row of layout) {
            for (const key of row) this.#keys.set(key.id, key);
        }
    }

    /** Modifiers currently latched (held down remotely). */
    get latched(): ReadonlySet<OnScreenModifier> {
        return new Set(this.#latched.keys());
    }

    /** Presses the key with this id: modifiers toggle their latch; other keys type with the latched modifiers. */
    press(id: string): void {
        const key = this.#keys.get(id);
        if (key === undefined) return;
        if (key.modifier !== undefined) {
            const held = this.#latched.get(key.modifier);
            if (held === undefined) {
                this.#latched.set(key.modifier, key.keysym);
                this.emit('keydown', key.keysym);
            } else {
                this.#latched.delete(key.modifier);
                this.emit('keyup', held);
            }
        } else {
            const keysym = this.#latched.has('shift') && key.shiftKeysym !== undefined ? key.shiftKeysym : key.keysym;
            this.emit('keydown', keysym);
            this.emit('keyup', keysym);
            this.releaseAll();
        }
        this.#refresh();
    }

    /** Releases every latched modifier. */
    releaseAll(): void {
        const held = [...this.#latched.values()].reverse();
        this.#latched.clear();
        for (const keysym of held) this.emit('keyup', keysym);
        this.#refresh();
    }

    /**
     * Renders the keyboard into a container (buttons that do not take focus away from the remote display); returns a
     * function that removes it. Class names: gw-osk, gw-osk-row, gw-osk-key, gw-osk-latched.
     */
    render(container: HTMLElement): () => void {
        const doc = container.ownerDocument;
        const root = doc.createElement('div');
        root.className = 'gw-osk';
        root.setAttribute('role', 'group');
        root.setAttribute('aria-label', 'On-screen keyboard');
        root.style.cssText = 'display:flex;flex-direction:column;gap:4px;user-select:none;touch-action:manipulation;';
        const buttons: [HTMLButtonElement, OnScreenKey][] = [];
        for (const row of this.layout) {
            const rowElement = doc.createElement('div');
            rowElement.className = 'gw-osk-row';
            rowElement.style.cssText = 'display:flex;gap:4px;';
            for (const key of row) {
                const button = doc.createElement('button');
                button.type = 'button';
                button.className = 'gw-osk-key';
                button.dataset['key'] = key.id;
                button.tabIndex = -1;
                button.style.flex = `${key.width ?? 1} 1 0`;
                button.addEventListener('pointerdown', (event) => {
                    event.preventDefault(); // keep focus where it is
                    this.press(key.id);
                });
                buttons.push([button, key]);
                rowElement.append(button);
            }
            root.append(rowElement);
        }
        const update = (): void => {
            const shifted = this.#latched.has('shift');
            for (const [button, key] of buttons) {
                button.textContent = shifted && key.shiftLabel !== undefined ? key.shiftLabel : key.label;
                const latched = key.modifier !== undefined && this.#latched.has(key.modifier);
                button.classList.toggle('gw-osk-latched', latched);
                if (key.modifier !== undefined) button.setAttribute('aria-pressed', String(latched));
            }
        };
        update();
        this.#renderers.add(update);
        container.append(root);
        return () => {
            this.#renderers.delete(update);
            root.remove();
        };
    }

    #refresh(): void {
        for (const update of this.#renderers) update();
    }
}
