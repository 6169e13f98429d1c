import { describe, expect, it } from 'vitest';
import {
    ByteInstructionParser, InstructionParser, ProtocolError, GuacamoleStatus, codePointCount, encodeInstruction,
    statusName,
} from '../src/index';
// The same file the C# parser tests read (tests/fixtures, shared by both parsers).
import vectorFile from '../../tests/fixtures/protocol-vectors.json';

interface ValidVector { name: string; wire: string; opcode: string; args: string[]; canonical?: string }
interface InvalidVector { name: string; wire?: string; wireBase64?: string; status: string; completeBefore?: number }

const vectors = vectorFile as unknown as { valid: ValidVector[]; invalid: InvalidVector[] };

type Parsed = [string, string[]];

function parseText(chunks: string[]): Parsed[] {
    const parser = new InstructionParser();
    const out: Parsed[] = [];
    for (const chunk of chunks) {
        parser.receive(chunk, (opcode, args) => out.push([opcode, args]));
    }

    expect(parser.hasPartialInstruction).toBe(false);
    return out;
}

function parseBytes(chunks: Uint8Array[]): { out: Parsed[]; error: ProtocolError | null } {
    const parser = new ByteInstructionParser();
    const out: Parsed[] = [];
    try {
        for (const chunk of chunks) {
            parser.receive(chunk, (opcode, args) => out.push([opcode, args]));
        }
    } catch (error) {
        if (error instanceof ProtocolError) {
            return { out, error };
        }

        throw error;
    }

    return { out, error: null };
}

function bytesOf(v: InvalidVector): Uint8Array {
    return v.wireBase64 !== undefined ? Uint8Array.from(atob(v.wireBase64), (c) => c.charCodeAt(0)) : new TextEncoder().encode(v.wire);
}

describe('shared protocol vectors', () => {
    it('has vectors', () => {
        expect(vectors.valid.length).toBeGreaterThan(40);
        expect(vectors.invalid.length).toBeGreaterThan(40);
    });

    describe.each(vectors.valid.map((v) => [v.name, v] as const))('valid: %s', (_name, v) => {
        it('decodes from text whole, in every two-way split and one unit at a time', () => {
            const expected: Parsed[] = [[v.opcode, v.args]];
            expect(parseText([v.wire])).toEqual(expected);
            const step = v.wire.length > 400 ? Math.ceil(v.wire.length / 48) : 1;
            for (let cut = 0; cut <= v.wire.length; cut += step) {
                expect(parseText([v.wire.substring(0, cut), v.wire.substring(cut)])).toEqual(expected);
            }

            if (v.wire.length <= 400) {
                expect(parseText(Array.from({ length: v.wire.length }, (_, i) => v.wire.charAt(i)))).toEqual(expected);
            }
        });

        it('decodes from utf-8 bytes whole and one byte at a time', () => {
            const bytes = new TextEncoder().encode(v.wire);
            const expected: Parsed[] = [[v.opcode, v.args]];
            expect(parseBytes([bytes])).toEqual({ out: expected, error: null });
            if (bytes.length <= 400) {
                expect(parseBytes(Array.from(bytes, (b) => Uint8Array.of(b)))).toEqual({ out: expected, error: null });
            }
        });

        it('encodes to the wire form', () => {
            expect(encodeInstruction(v.opcode, v.args)).toBe(v.canonical ?? v.wire);
        });

        it('every strict prefix is incomplete, not an error', () => {
            const parser = new InstructionParser();
            const step = v.wire.length > 400 ? Math.ceil(v.wire.length / 48) : 1;
            for (let cut = 1; cut < v.wire.length; cut += step) {
                const fresh = new InstructionParser();
                let seen = 0;
                fresh.receive(v.wire.substring(0, cut), () => seen++);
                expect(seen).toBe(0);
                expect(fresh.hasPartialInstruction).toBe(true);
            }

            expect(parser.hasPartialInstruction).toBe(false);
        });
    });

    describe.each(vectors.invalid.map((v) => [v.name, v] as const))('invalid: %s', (_name, v) => {
        it('fails with the expected status after the complete instructions before it (bytes, whole and split)', () => {
            const bytes = bytesOf(v);
            const splits: Uint8Array[][] = [[bytes], [bytes.subarray(0, bytes.length >> 1), bytes.subarray(bytes.length >> 1)]];
            if (bytes.length <= 400) {
                splits.push(Array.from(bytes, (b) => Uint8Array.of(b)));
            }

            for (const chunks of splits) {
                const { out, error } = parseBytes(chunks);
                expect(error, 'expected a protocol error').not.toBeNull();
                expect(statusName(error!.status)).toBe(v.status);
                expect(out.length).toBe(v.completeBefore ?? 0);
            }
        });

        if (v.wire !== undefined) {
            const wire = v.wire;
            it('fails with the expected status from text', () => {
                const parser = new InstructionParser();
                let complete = 0;
                let caught: unknown = null;
                try {
                    parser.receive(wire, () => complete++);
                } catch (error) {
                    caught = error;
                }

                expect(caught).toBeInstanceOf(ProtocolError);
                expect(statusName((caught as ProtocolError).status)).toBe(v.status);
                expect(complete).toBe(v.completeBefore ?? 0);
                expect(() => parser.receive('3.nop;', () => complete++)).toThrow(ProtocolError);
            });
        }
    });
});

describe('parser', () => {
    it('delivers several instructions from one chunk and keeps a partial one', () => {
        const parser = new InstructionParser();
        const out: Parsed[] = [];
        parser.receive('3.nop;4.sync,2.10;4.si', (o, a) => out.push([o, a]));
        expect(out).toEqual([['nop', []], ['sync', ['10']]]);
        parser.receive('ze,1.0,1.1,1.2;', (o, a) => out.push([o, a]));
        expect(out[2]).toEqual(['size', ['0', '1', '2']]);
    });

    it('waits for the low half of a surrogate pair split across chunks', () => {
        const out: Parsed[] = [];
        const parser = new InstructionParser();
        const wire = '4.name,1.\u{1F600};';
        const cut = wire.indexOf('\u{1F600}') + 1;
        parser.receive(wire.substring(0, cut), (o, a) => out.push([o, a]));
        parser.receive(wire.substring(cut), (o, a) => out.push([o, a]));
        expect(out).toEqual([['name', ['\u{1F600}']]]);
    });

    it('rejects a lone surrogate in text', () => {
        const parser = new InstructionParser();
        expect(() => parser.receive('4.name,1.\udc00;', () => undefined)).toThrow(ProtocolError);
    });
});

describe('writer', () => {
    it('counts code points, not UTF-16 units', () => {
        expect(codePointCount('\u{1F600}a')).toBe(2);
        expect(encodeInstruction('name', ['\u{1F600}'])).toBe('4.name,1.\u{1F600};');
        expect(encodeInstruction('key', [65307, true])).toBe('3.key,5.65307,1.1;');
        expect(encodeInstruction('', ['ping', 5])).toBe('0.,4.ping,1.5;');
    });

    it('refuses non-finite numbers', () => {
        expect(() => encodeInstruction('size', [Number.NaN])).toThrow(RangeError);
    });

    it('round-trips through the parser', () => {
        const wire = encodeInstruction('clipboard', ['a,b;c', 'x\u00e9\u4f60\u{1F600}', '']);
        expect(parseText([wire])).toEqual([['clipboard', ['a,b;c', 'x\u00e9\u4f60\u{1F600}', '']]]);
        expect(GuacamoleStatus.CLIENT_OVERRUN).toBe(0x30d);
    });
});
