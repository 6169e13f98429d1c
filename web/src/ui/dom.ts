/** Creates an element with attributes and children; attribute values are set as text, never parsed as HTML. */
export function h<K extends keyof HTMLElementTagNameMap>(
    tag: K,
    attributes: Readonly<Record<string, string | boolean>> = {},
    ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
    const element = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
        if (value === true) {
            element.setAttribute(name, '');
        } else if (value !== false) {
            element.setAttribute(name, value);
        }
    }

    element.append(...children);
    return element;
}

let nextId = 0;

/** A document-unique id prefix for one view (ids inside a shadow root only need to be unique there, but this is cheap). */
export function uniquePrefix(): string {
    nextId++;
    return `gw${nextId}-`;
}

/** The focusable elements inside `container`, in tab order (for the menu's focus trap). */
export function focusableElements(container: HTMLElement): HTMLElement[] {
    const selector = 'button, [href], input, select, textarea, [tabindex]:not([tabindex="-1"])';
    return Array.from(container.querySelectorAll<HTMLElement>(selector)).filter((element) =>
        !element.hasAttribute('disabled') && !element.hidden && element.getAttribute('aria-hidden') !== 'true' && element.tabIndex >= 0);
}

/** Formats a byte count for people (`1.5 MB`). */
export function formatBytes(bytes: number): string {
    if (!Number.isFinite(bytes) || bytes < 0) {
        return '';
    }

    const units = ['B', 'KB', 'MB', 'GB', 'TB'];
    let value = bytes;
    let unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
        value /= 1024;
        unit++;
    }

    return unit === 0 ? `${value} B` : `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** A download name that is safe to offer: no path separators or control characters, at most 200 characters. */
export function safeFileName(name: string): string {
    // eslint-disable-next-line no-control-regex
    const cleaned = name.replace(/[\u0000-\u001f\u007f/\\:*?"<>|]/g, '_').replace(/^\.+/, '').trim();
    const limited = Array.from(cleaned).slice(0, 200).join('');
    return limited === '' ? 'download' : limited;
}
