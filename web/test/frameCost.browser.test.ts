import { expect, it } from 'vitest';
import { Client, encodeBase64, encodeInstruction } from '../src/index';
import { FakeTunnel } from './support/fakeTunnel';

/** Noise-like tile so PNG decoding does real work. */
async function tilePng(seed: number): Promise<Uint8Array> {
    const canvas = document.createElement('canvas');
    canvas.width = 64;
    canvas.height = 64;
    const context = canvas.getContext('2d') as CanvasRenderingContext2D;
    const image = context.createImageData(64, 64);
    let x = seed * 2654435761;
    for (let i = 0; i < image.data.length; i++) {
        x = (x * 1103515245 + 12345) >>> 0;
        image.data[i] = i % 4 === 3 ? 255 : x >>> 24;
    }

    context.putImageData(image, 0, 0);
    const blob = await new Promise<Blob>((resolve) => canvas.toBlob((b) => resolve(b as Blob), 'image/png'));
    return new Uint8Array(await blob.arrayBuffer());
}

// A measurement, not a timing assertion: prints how long applying a busy 1920x1080 frame took on the main thread
// (goal: under 8 ms). Images are decoded before the frame applies, so their decoding is not part of the figure.
it('measures the main-thread cost of applying a busy frame', async () => {
    const tunnel = new FakeTunnel();
    const client = new Client(tunnel);
    client.connect('');
    tunnel.open();
    const tiles = await Promise.all(Array.from({ length: 8 }, (_, i) => tilePng(i + 1)));
    const w = (opcode: string, ...args: (string | number)[]): string => encodeInstruction(opcode, args);
    tunnel.receive(w('size', 0, 1920, 1080) + w('sync', '0'));
    const costs: number[] = [];
    client.display.on('frame', (applyMs, operations) => {
        if (operations > 100) costs.push(applyMs);
    });
    for (let frame = 1; frame <= 10; frame++) {
        const parts: string[] = [];
        for (let i = 0; i < 64; i++) {
            const stream = 100 + i;
            parts.push(w('img', stream, 0xe, 0, 'image/png', (i % 16) * 64, Math.floor(i / 16) * 64));
            const tile = tiles[i % tiles.length] as Uint8Array;
            for (let offset = 0; offset < tile.length; offset += 6048) {
                parts.push(w('blob', stream, encodeBase64(tile.subarray(offset, offset + 6048))));
            }

            parts.push(w('end', stream));
        }

        for (let i = 0; i < 300; i++) {
            parts.push(w('rect', 0, (i * 37) % 1900, 300 + ((i * 11) % 700), 16, 16));
            parts.push(w('cfill', 0xe, 0, i & 0xff, (i * 3) & 0xff, (i * 7) & 0xff, 255));
        }

        parts.push(w('copy', 0, 0, 100, 1920, 900, 0xe, 0, 0, 80)); // a scroll
        parts.push(w('sync', String(frame)));
        tunnel.receive(parts.join(''));
    }

    for (let i = 0; i < 400 && costs.length < 10; i++) {
        await new Promise((resolve) => setTimeout(resolve, 10));
    }

    expect(costs.length).toBe(10);
    const sorted = costs.slice().sort((a, b) => a - b);
    console.log(`frame apply (64 PNG tiles 64x64, 300 rect+cfill, one 1920x900 scroll copy on 1920x1080): median ${sorted[5]?.toFixed(2)} ms, max ${sorted[9]?.toFixed(2)} ms over 10 frames`);
});
