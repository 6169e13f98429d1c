/** Bounds on every instruction read from the server; the defaults match the gateway's ProtocolLimits (guacd's). */
export interface ProtocolLimits {
    /** Largest element, in Unicode code points. */
    readonly maxElementLength: number;
    /** Largest number of elements in one instruction, opcode included. */
    readonly maxElements: number;
    /** Largest encoded instruction in UTF-8 bytes, terminator included. */
    readonly maxInstructionBytes: number;
    /** Largest number of digits in a length prefix (leading zeros count). */
    readonly maxLengthDigits: number;
}

export const defaultLimits: ProtocolLimits = Object.freeze({
    maxElementLength: 8192,
    maxElements: 128,
    maxInstructionBytes: 32768,
    maxLengthDigits: 10,
});
