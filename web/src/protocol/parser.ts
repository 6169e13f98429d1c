import { ProtocolError } from './errors';
import { defaultLimits, type ProtocolLimits } from './limits';
import { GuacamoleStatus } from './status';

/** Receives each complete instruction: the opcode and its arguments. */
export type InstructionSink = (opcode: string, args: string[]) => void;

const enum State {
    Length,
    Value,
    Separator,
}

/**
 * Incremental Guacamole instruction parser over text. Chunks may split anywhere, even inside a surrogate pair.
 * Element lengths are counted in Unicode code points; every instruction is bounded by {@link ProtocolLimits}
 * (its size is measured in UTF-8 bytes, as on the wire). Malformed input throws a {@link ProtocolError}, after
 * which the parser is spent: every later call throws the same error.
 */
export class InstructionParser {
    private readonly limits: ProtocolLimits;
    private buffer = '';
    /** Where the unfinished instruction starts in `buffer`. */
    private start = 0;
    /** Next unscanned index in `buffer`. */
    private pos = 0;
    private state = State.Length;
    private elements: string[] = [];
    private digits = 0;
    private length = 0;
    private remaining = 0;
    private valueStart = 0;
    private bytes = 0;
    private failure: ProtocolError | null = null;

    constructor(limits: ProtocolLimits = defaultLimits) {
        this.limits = limits;
    }

    /** True when input ended inside an instruction. */
    get hasPartialInstruction(): boolean {
        return this.pos > this.start || this.buffer.length > this.start;
    }

    /** Parses `chunk`, calling `sink` for every instruction it completes. */
    receive(chunk: string, sink: InstructionSink): void {
        if (this.failure !== null) {
            throw this.failure;
        }

        if (this.start > 0) {
            this.buffer = this.buffer.substring(this.start);
            this.pos -= this.start;
            this.valueStart -= this.start;
            this.start = 0;
        }

        this.buffer = this.buffer.length === 0 ? chunk : this.buffer + chunk;
        try {
            this.scan(sink);
        } catch (error) {
            if (error instanceof ProtocolError) {
                this.failure = error;
                this.buffer = '';
            }

            throw error;
        }

        if (this.start === this.buffer.length) {
            this.buffer = '';
            this.start = 0;
            this.pos = 0;
            this.valueStart = 0;
        }
    }

    private fail(status: number, message: string): never {
        throw new ProtocolError(status, message);
    }

    private scan(sink: InstructionSink): void {
        const text = this.buffer;
        const end = text.length;
        const limits = this.limits;
        let i = this.pos;
        while (i < end) {
            switch (this.state) {
                case State.Length: {
                    const c = text.charCodeAt(i);
                    if (c >= 0x30 && c <= 0x39) {
                        if (++this.digits > limits.maxLengthDigits) {
                            this.fail(GuacamoleStatus.CLIENT_BAD_REQUEST, 'element length prefix has too many digits');
                        }

                        this.length = this.length * 10 + (c - 0x30);
                        if (this.length > limits.maxElementLength) {
                            this.fail(GuacamoleStatus.CLIENT_OVERRUN, 'element too long');
                        }
                    } else if (c === 0x2e) {
                        if (this.digits === 0) {
                            this.fail(GuacamoleStatus.CLIENT_BAD_REQUEST, 'element length missing');
                        }

                        if (this.elements.length >= limits.maxElements) {
                            this.fail(GuacamoleStatus.CLIENT_OVERRUN, 'too many elements in instruction');
                        }

                        this.remaining = this.length;
                        this.valueStart = i + 1;
                        this.state = State.Value;
                    } else {
                        this.fail(GuacamoleStatus.CLIENT_BAD_REQUEST, 'expected an element length');
                    }

                    i++;
                    this.countBytes(1);
                    break;
                }

                case State.Value: {
                    let remaining = this.remaining;
                    let bytes = 0;
                    while (remaining > 0 && i < end) {
                        // Fast path: a run of ASCII is one code point and one byte per unit.
                        const limit = Math.min(end, i + remaining);
                        let j = i;
                        while (j < limit && text.charCodeAt(j) < 0x80) {
                            j++;
                        }

                        remaining -= j - i;
                        bytes += j - i;
                        i = j;
                        if (remaining === 0 || i >= end) {
                            break;
                        }

                        const c = text.charCodeAt(i);
                        if (c < 0x80) {
                            bytes += 1;
                            i += 1;
                        } else if (c < 0x800) {
                            bytes += 2;
                            i += 1;
                        } else if (c >= 0xd800 && c <= 0xdbff) {
                            if (i + 1 >= end) {
                                break; // the low half is in the next chunk
                            }

                            const low = text.charCodeAt(i + 1);
                            if (low < 0xdc00 || low > 0xdfff) {
                                this.fail(GuacamoleStatus.CLIENT_BAD_REQUEST, 'unpaired surrogate in element');
                            }

                            bytes += 4;
                            i += 2;
                        } else if (c >= 0xdc00 && c <= 0xdfff) {
                            this.fail(GuacamoleStatus.CLIENT_BAD_REQUEST, 'unpaired surrogate in element');
                        } else {
                            bytes += 3;
                            i += 1;
                        }

                        remaining--;
                    }

                    this.remaining = remaining;
                    this.countBytes(bytes);
                    if (remaining === 0) {
                        this.elements.push(text.substring(this.valueStart, i));
                        this.state = State.Separator;
                    } else {
                        this.pos = i;
                        return;
                    }

                    break;
                }

                case State.Separator: {
                    const c = text.charCodeAt(i);
                    i++;
                    this.countBytes(1);
                    if (c === 0x2c) {
                        this.state = State.Length;
                        this.digits = 0;
                        this.length = 0;
                    } else if (c === 0x3b) {
                        const elements = this.elements;
                        const opcode = elements.shift() as string;
                        this.elements = [];
                        this.state = State.Length;
                        this.digits = 0;
                        this.length = 0;
                        this.bytes = 0;
                        this.start = i;
                        this.pos = i;
                        sink(opcode, elements);
                    } else {
                        this.fail(GuacamoleStatus.CLIENT_BAD_REQUEST, 'element length does not match its value');
                    }

                    break;
                }
            }
        }

        this.pos = i;
    }

    private countBytes(n: number): void {
        this.bytes += n;
        if (this.bytes > this.limits.maxInstructionBytes) {
            this.fail(GuacamoleStatus.CLIENT_OVERRUN, 'instruction too long');
        }
    }
}
