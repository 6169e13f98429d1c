/** An instruction element as the caller supplies it; numbers are written in decimal. */
export type ElementValue = string | number | boolean;

/** Number of Unicode code points in `text` (a surrogate pair is one; a lone surrogate, sent as U+FFFD, is one). */
export function codePointCount(text: string): number {
    let pairs = 0;
    for (let i = 0; i < text.length - 1; i++) {
        const c = text.charCodeAt(i);
        if (c >= 0xd800 && c <= 0xdbff) {
            const next = text.charCodeAt(i + 1);
            if (next >= 0xdc00 && next <= 0xdfff) {
                pairs++;
                i++;
            }
        }
    }

    return text.length - pairs;
}

function elementText(value: ElementValue): string {
    if (typeof value === 'string') {
        return value;
    }

    if (typeof value === 'boolean') {
        return value ? '1' : '0';
    }

    if (!Number.isFinite(value)) {
        throw new RangeError('instruction element is not a finite number');
    }

    return String(value);
}

/** Encodes one element as `LENGTH.VALUE`, the length in code points. */
export function encodeElement(value: ElementValue): string {
    const text = elementText(value);
    return `${codePointCount(text)}.${text}`;
}

/** Encodes a whole instruction, e.g. `encodeInstruction('size', [0, 1024, 768])` gives `4.size,1.0,4.1024,3.768;`. */
export function encodeInstruction(opcode: string, args: readonly ElementValue[] = []): string {
    let out = encodeElement(opcode);
    for (const arg of args) {
        out += ',' + encodeElement(arg);
    }

    return out + ';';
}
