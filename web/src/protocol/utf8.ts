/**
 * Streaming UTF-8 validator (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF). It keeps the
 * state of a sequence split across chunks.
 */
export class Utf8Validator {
    private need = 0;
    private low = 0x80;
    private high = 0xbf;

    /** True when the input so far ends inside a multi-byte sequence. */
    get pending(): boolean {
        return this.need > 0;
    }

    /**
     * Validates `bytes` and returns the offset where the first invalid sequence starts (0 when it started in an
     * earlier chunk), or -1 when all of it is valid so far.
     */
    check(bytes: Uint8Array): number {
        let need = this.need;
        let low = this.low;
        let high = this.high;
        let seqStart = 0;
        for (let i = 0; i < bytes.length; i++) {
            const b = bytes[i] as number;
            if (need === 0) {
                if (b < 0x80) {
                    continue;
                }

                seqStart = i;
                low = 0x80;
                high = 0xbf;
                if (b >= 0xc2 && b <= 0xdf) {
                    need = 1;
                } else if (b >= 0xe0 && b <= 0xef) {
                    need = 2;
                    if (b === 0xe0) {
                        low = 0xa0;
                    } else if (b === 0xed) {
                        high = 0x9f;
                    }
                } else if (b >= 0xf0 && b <= 0xf4) {
                    need = 3;
                    if (b === 0xf0) {
                        low = 0x90;
                    } else if (b === 0xf4) {
                        high = 0x8f;
                    }
                } else {
                    return this.invalid(i);
                }
            } else {
                if (b < low || b > high) {
                    return this.invalid(seqStart);
                }

                low = 0x80;
                high = 0xbf;
                need--;
            }
        }

        this.need = need;
        this.low = low;
        this.high = high;
        return -1;
    }

    private invalid(at: number): number {
        this.need = 0;
        return at;
    }
}
