import { ProtocolError } from './errors';
import type { ProtocolLimits } from './limits';
import { defaultLimits } from './limits';
import { InstructionParser, type InstructionSink } from './parser';
import { GuacamoleStatus } from './status';
import { Utf8Validator } from './utf8';

/**
 * Parses instructions from UTF-8 bytes (the HTTP tunnel's response body). Bytes are validated strictly; every
 * instruction completed before an invalid sequence is still delivered, then a CLIENT_BAD_REQUEST error is thrown.
 */
export class ByteInstructionParser {
    private readonly parser: InstructionParser;
    private readonly validator = new Utf8Validator();
    private readonly decoder = new TextDecoder('utf-8');
    private failure: ProtocolError | null = null;

    constructor(limits: ProtocolLimits = defaultLimits) {
        this.parser = new InstructionParser(limits);
    }

    /** True when input ended inside an instruction or inside a UTF-8 sequence. */
    get hasPartialInstruction(): boolean {
        return this.validator.pending || this.parser.hasPartialInstruction;
    }

    receive(bytes: Uint8Array, sink: InstructionSink): void {
        if (this.failure !== null) {
            throw this.failure;
        }

        const bad = this.validator.check(bytes);
        const valid = bad < 0 ? bytes : bytes.subarray(0, bad);
        const text = this.decoder.decode(valid, { stream: true });
        try {
            if (text.length > 0) {
                this.parser.receive(text, sink);
            }
        } catch (error) {
            if (error instanceof ProtocolError) {
                this.failure = error;
            }

            throw error;
        }

        if (bad >= 0) {
            this.failure = new ProtocolError(GuacamoleStatus.CLIENT_BAD_REQUEST, 'instruction is not valid utf-8');
            throw this.failure;
        }
    }
}
