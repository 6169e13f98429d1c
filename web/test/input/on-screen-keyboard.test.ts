import { describe, expect, it } from 'vitest';
import { OnScreenKeyboard, usLayout } from '../../src/input/on-screen-keyboard';
import { recordKeys } from './helpers';

/** Just enough of the DOM for render(): elements are EventTargets with children, classes and attributes. */
class FakeElement extends EventTarget {
    readonly children: FakeElement[] = [];
    readonly attributes = new Map<string, string>();
    readonly dataset: Record<string, string> = {};
    readonly style: Record<string, string> = {};
    readonly classes = new Set<string>();
    readonly classList = {
        toggle: (name: string, on: boolean) => (on ? this.classes.add(name) : this.classes.delete(name)),
    };
    className = '';
    textContent = '';
    type = '';
    tabIndex = 0;
    parent: FakeElement | undefined;

    constructor(readonly ownerDocument: FakeDocument, readonly tagName: string) {
        super();
    }

    setAttribute(name: string, value: string): void {
        this.attributes.set(name, value);
    }

    append(...nodes: FakeElement[]): void {
        for (const node of nodes) {
            node.parent = this;
            this.children.push(node);
        }
    }

    remove(): void {
        const siblings = this.parent?.children;
        if (siblings !== undefined) siblings.splice(siblings.indexOf(this), 1);
        this.parent = undefined;
    }

    *all(): Generator<FakeElement> {
        for (const child of this.children) {
            yield child;
            yield* child.all();
        }
    }
}

class FakeDocument {
    createElement(tag: string): FakeElement {
        return new FakeElement(this, tag.toUpperCase());
    }
}

function button(container: FakeElement, id: string): FakeElement {
    const found = [...container.all()].find((e) => e.tagName === 'BUTTON' && e.dataset['key'] === id);
    if (found === undefined) throw new Error(`no key ${id}`);
    return found;
}

function tap(element: FakeElement): Event {
    const event = new Event('pointerdown', { cancelable: true });
    element.dispatchEvent(event);
    return event;
}

describe('OnScreenKeyboard', () => {
    it('types a key as press and release', () => {
        const osk = new OnScreenKeyboard();
        const log = recordKeys(osk);
        osk.press('KeyA');
        osk.press('Escape');
        osk.press('F5');
        expect(log).toEqual([['+', 0x61], ['-', 0x61], ['+', 0xff1b], ['-', 0xff1b], ['+', 0xffc2], ['-', 0xffc2]]);
    });

    it('latches Shift for one key and sends the shifted keysym with Shift held', () => {
        const osk = new OnScreenKeyboard();
        const log = recordKeys(osk);
        osk.press('ShiftLeft');
        expect(osk.latched.has('shift')).toBe(true);
        osk.press('Digit2');
        osk.press('Digit2');
        expect(log).toEqual([['+', 0xffe1], ['+', 0x40], ['-', 0x40], ['-', 0xffe1], ['+', 0x32], ['-', 0x32]]);
        expect(osk.latched.size).toBe(0);
    });

    it('combines several latched modifiers (Ctrl+Alt+Delete) and releases them in reverse', () => {
        const osk = new OnScreenKeyboard();
        const log = recordKeys(osk);
        osk.press('ControlLeft');
        osk.press('AltLeft');
        osk.press('Delete');
        expect(log).toEqual([['+', 0xffe3], ['+', 0xffe9], ['+', 0xffff], ['-', 0xffff], ['-', 0xffe9], ['-', 0xffe3]]);
    });

    it('unlatches a modifier tapped twice, and AltGr is ISO_Level3_Shift', () => {
        const osk = new OnScreenKeyboard();
        const log = recordKeys(osk);
        osk.press('AltRight');
        osk.press('AltRight');
        osk.press('nonexistent');
        expect(log).toEqual([['+', 0xfe03], ['-', 0xfe03]]);
    });

    it('has unique key ids, Tab, arrows and F1-F12', () => {
        const ids = usLayout.flat().map((k) => k.id);
        expect(new Set(ids).size).toBe(ids.length);
        for (const id of ['Tab', 'ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'F1', 'F12', 'Escape', 'ControlLeft', 'AltLeft', 'AltRight', 'ShiftLeft']) {
            expect(ids).toContain(id);
        }
    });

    it('renders buttons that type without taking focus and show the latch state', () => {
        const osk = new OnScreenKeyboard();
        const log = recordKeys(osk);
        const doc = new FakeDocument();
        const container = doc.createElement('div');
        const remove = osk.render(container as unknown as HTMLElement);
        const shift = button(container, 'ShiftLeft');
        const two = button(container, 'Digit2');
        expect(two.textContent).toBe('2');
        const event = tap(shift);
        expect(event.defaultPrevented).toBe(true);
        expect(shift.classes.has('gw-osk-latched')).toBe(true);
        expect(shift.attributes.get('aria-pressed')).toBe('true');
        expect(two.textContent).toBe('@');
        tap(two);
        expect(log).toEqual([['+', 0xffe1], ['+', 0x40], ['-', 0x40], ['-', 0xffe1]]);
        expect(two.textContent).toBe('2');
        expect(shift.classes.has('gw-osk-latched')).toBe(false);
        remove();
        expect(container.children).toHaveLength(0);
    });
});
