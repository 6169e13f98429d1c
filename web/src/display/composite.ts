/**
 * Canvas composite operation for a Guacamole channel mask (ABCD bits: 0x8 source where the destination is
 * transparent, 0x4 source where the destination is opaque, 0x2 destination where the source is transparent,
 * 0x1 destination where the source is opaque). `null` means the operation leaves the destination unchanged
 * (0x3); masks with no canvas equivalent (0x0, 0x5, 0x7, 0xD) fall back to normal drawing.
 */
export function compositeOperation(mask: number): GlobalCompositeOperation | null {
    switch (mask & 0xf) {
        case 0x1: return 'destination-in';
        case 0x2: return 'destination-out';
        case 0x3: return null;
        case 0x4: return 'source-in';
        case 0x6: return 'source-atop';
        case 0x8: return 'source-out';
        case 0x9: return 'destination-atop';
        case 0xa: return 'xor';
        case 0xb: return 'destination-over';
        case 0xc: return 'copy';
        case 0xf: return 'lighter';
        default: return 'source-over';
    }
}

/**
 * Applies a binary raster operation (0x0-0xF, X11 GX order: 0x1 AND, 0x3 SRC, 0x5 DEST, 0x6 XOR, 0x7 OR,
 * 0xC NOT SRC, ...) bitwise to the red, green and blue channels of `dst`, in place. The result's alpha is the
 * union of both coverages (opaque where either was).
 */
export function applyTransfer(fn: number, src: Uint8ClampedArray, dst: Uint8ClampedArray): void {
    const f = fn & 0xf;
    for (let i = 0; i < dst.length; i += 4) {
        for (let c = 0; c < 3; c++) {
            const s = src[i + c] as number;
            const d = dst[i + c] as number;
            let r = 0;
            if (f & 0x1) r |= s & d;
            if (f & 0x2) r |= s & ~d;
            if (f & 0x4) r |= ~s & d;
            if (f & 0x8) r |= ~s & ~d;
            dst[i + c] = r & 0xff;
        }

        dst[i + 3] = (src[i + 3] as number) | (dst[i + 3] as number);
    }
}
