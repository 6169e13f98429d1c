import { describe, expect, it } from 'vitest';
import { Client, encodeBase64, encodeInstruction } from '../src/index';
import { FakeTunnel } from './support/fakeTunnel';

type Rgba = [number, number, number, number];

function pixel(canvas: HTMLCanvasElement, x: number, y: number): Rgba {
    const data = (canvas.getContext('2d') as CanvasRenderingContext2D).getImageData(x, y, 1, 1).data;
    return [data[0] as number, data[1] as number, data[2] as number, data[3] as number];
}

/** A solid PNG made in the test by the browser's own encoder. */
async function solidPng(width: number, height: number, css: string): Promise<Uint8Array> {
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const context = canvas.getContext('2d') as CanvasRenderingContext2D;
    context.fillStyle = css;
    context.fillRect(0, 0, width, height);
    const blob = await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('toBlob failed'))), 'image/png'));
    return new Uint8Array(await blob.arrayBuffer());
}

function connected(): { client: Client; tunnel: FakeTunnel } {
    const tunnel = new FakeTunnel();
    const client = new Client(tunnel);
    client.connect('token=t');
    tunnel.open();
    return { client, tunnel };
}

/** Waits until the client answered `sync,<timestamp>`. */
async function answered(tunnel: FakeTunnel, timestamp: string): Promise<void> {
    const expected = encodeInstruction('sync', [timestamp]);
    for (let i = 0; i < 200 && !tunnel.sent.includes(expected); i++) {
        await new Promise((resolve) => setTimeout(resolve, 5));
    }

    expect(tunnel.sent).toContain(expected);
}

describe('display: a recorded instruction stream renders the expected pixels', () => {
    it('rect+cfill, copy, buffer copy, img PNG stream, layers with nesting, opacity, transforms and masks', async () => {
        const { client, tunnel } = connected();
        const png = await solidPng(8, 8, '#ffff00');
        const half = png.length >> 1;
        const w = (opcode: string, ...args: (string | number)[]): string => encodeInstruction(opcode, args);
        const stream = [
            w('size', 0, 96, 96),
            // blue background, red square, copied to the right
            w('rect', 0, 0, 0, 96, 96), w('cfill', 0xe, 0, 0, 0, 255, 255),
            w('rect', 0, 0, 0, 16, 16), w('cfill', 0xe, 0, 255, 0, 0, 255),
            w('copy', 0, 0, 0, 16, 16, 0xe, 0, 32, 0),
            // a buffer grows to fit, then is copied onto the display
            w('rect', -1, 0, 0, 8, 8), w('cfill', 0xe, -1, 0, 255, 0, 255),
            w('copy', -1, 0, 0, 8, 8, 0xe, 0, 0, 32),
            // an image stream in two blobs
            w('img', 5, 0xe, 0, 'image/png', 48, 48),
            w('blob', 5, encodeBase64(png.subarray(0, half))),
            w('blob', 5, encodeBase64(png.subarray(half))),
            w('end', 5),
            // a drawing transform: translate (60, 0) then a 4x4 square lands at 60..64
            w('push', 0), w('transform', 0, 1, 0, 0, 1, 60, 0),
            w('rect', 0, 0, 0, 4, 4), w('cfill', 0xe, 0, 255, 255, 255, 255),
            w('pop', 0),
            // a visible layer: white, half transparent, at (64, 64), 16x16
            w('size', 1, 16, 16), w('rect', 1, 0, 0, 16, 16), w('cfill', 0xe, 1, 255, 255, 255, 255),
            w('move', 1, 0, 64, 64, 1), w('shade', 1, 128),
            // a nested layer inside layer 2, with a hole punched by ROUT
            w('size', 2, 32, 16), w('rect', 2, 0, 0, 32, 16), w('cfill', 0xe, 2, 0, 0, 0, 255),
            w('rect', 2, 0, 0, 8, 16), w('cfill', 0x2, 2, 0, 0, 0, 255),
            w('move', 2, 0, 0, 72, 2),
            w('size', 3, 4, 4), w('rect', 3, 0, 0, 4, 4), w('cfill', 0xe, 3, 255, 0, 255, 255),
            w('move', 3, 2, 24, 4, 0),
            // a distorted layer: 4x4 magenta scaled by 2 at (80, 0)
            w('size', 4, 4, 4), w('rect', 4, 0, 0, 4, 4), w('cfill', 0xe, 4, 255, 0, 255, 255),
            w('move', 4, 0, 80, 0, 3), w('distort', 4, 2, 0, 0, 2, 0, 0),
            w('sync', '1234'),
        ].join('');
        // deliver in awkward pieces, as a network would
        for (let i = 0; i < stream.length; i += 37) {
            tunnel.receive(stream.substring(i, i + 37));
        }

        await answered(tunnel, '1234');
        expect(client.state).toBe('connected');
        const display = client.display;
        expect([display.width, display.height]).toEqual([96, 96]);
        const image = display.flatten();
        const blue: Rgba = [0, 0, 255, 255];
        expect(pixel(image, 8, 8)).toEqual([255, 0, 0, 255]);
        expect(pixel(image, 24, 8)).toEqual(blue);
        expect(pixel(image, 40, 8)).toEqual([255, 0, 0, 255]);
        expect(pixel(image, 4, 36)).toEqual([0, 255, 0, 255]);
        expect(pixel(image, 12, 36)).toEqual(blue);
        expect(pixel(image, 52, 52)).toEqual([255, 255, 0, 255]);
        expect(pixel(image, 57, 57)).toEqual(blue);
        expect(pixel(image, 62, 2)).toEqual([255, 255, 255, 255]);
        expect(pixel(image, 58, 2)).toEqual(blue);
        const translucent = pixel(image, 70, 70);
        expect(translucent[0]).toBeGreaterThan(120);
        expect(translucent[0]).toBeLessThan(135);
        expect(translucent[2]).toBe(255);
        expect(pixel(image, 4, 80)).toEqual(blue); // ROUT hole in layer 2 shows the background
        expect(pixel(image, 12, 80)).toEqual([0, 0, 0, 255]);
        expect(pixel(image, 25, 77)).toEqual([255, 0, 255, 255]); // layer 3 inside layer 2 at (24, 4)
        expect(pixel(image, 86, 6)).toEqual([255, 0, 255, 255]); // distorted: 8x8 from (80, 0)
        expect(pixel(image, 90, 6)).toEqual(blue);
        // The real layer canvas holds the same default-layer pixels.
        expect(pixel(display.getDefaultLayer().canvas, 52, 52)).toEqual([255, 255, 0, 255]);
    });

    it('paths, clip, reset, lfill, overlapping copy, legacy png, dispose and re-creation', async () => {
        const { client, tunnel } = connected();
        const png = await solidPng(2, 2, '#00ffff');
        const w = (opcode: string, ...args: (string | number)[]): string => encodeInstruction(opcode, args);
        tunnel.receive([
            w('size', 0, 64, 64),
            w('rect', 0, 0, 0, 64, 64), w('cfill', 0xe, 0, 0, 0, 0, 255),
            // a closed triangle path filled white: (0,0) (20,0) (0,20)
            w('start', 0, 0, 0), w('line', 0, 20, 0), w('line', 0, 0, 20), w('close', 0),
            w('cfill', 0xe, 0, 255, 255, 255, 255),
            // a thick stroked arc (full circle) around (48, 12), radius 8, and a curve
            w('arc', 0, 48, 12, 8, '0', '6.283185307179586', 0),
            w('cstroke', 0xe, 0, 0, 0, 4, 255, 0, 0, 255),
            w('start', 0, 0, 40), w('curve', 0, 10, 30, 20, 50, 30, 40),
            w('cstroke', 0xe, 0, 1, 2, 2, 0, 255, 0, 255),
            // clip to a 4x4 box, a big fill only lands inside it; reset drops the clip
            w('push', 0), w('rect', 0, 40, 40, 4, 4), w('clip', 0),
            w('rect', 0, 30, 30, 30, 30), w('cfill', 0xe, 0, 255, 255, 0, 255),
            w('reset', 0),
            w('rect', 0, 60, 60, 4, 4), w('cfill', 0xe, 0, 0, 0, 255, 255),
            // a 2x2 checker buffer used as a fill pattern
            w('rect', -3, 0, 0, 1, 1), w('cfill', 0xe, -3, 255, 255, 255, 255),
            w('rect', -3, 1, 1, 1, 1), w('cfill', 0xe, -3, 255, 255, 255, 255),
            w('rect', 0, 0, 50, 4, 4), w('lfill', 0xe, 0, -3),
            // scroll: copy a region down onto itself
            w('rect', 0, 24, 24, 8, 2), w('cfill', 0xe, 0, 255, 0, 255, 255),
            w('copy', 0, 24, 24, 8, 8, 0xe, 0, 24, 26),
            // the legacy png instruction
            w('png', 0xe, 0, 10, 30, encodeBase64(png)),
            // a layer disposed and used again starts over (default-layer size, empty)
            w('rect', 5, 0, 0, 4, 4), w('cfill', 0xe, 5, 255, 0, 0, 255),
            w('dispose', 5),
            w('rect', 5, 8, 0, 2, 2), w('cfill', 0xe, 5, 0, 0, 255, 255),
            w('sync', '3'),
        ].join(''));
        await answered(tunnel, '3');
        const image = client.display.flatten();
        const white: Rgba = [255, 255, 255, 255];
        const black: Rgba = [0, 0, 0, 255];
        expect(pixel(image, 3, 3)).toEqual(white);
        expect(pixel(image, 18, 18)).toEqual(black);
        expect(pixel(image, 56, 12)).toEqual([255, 0, 0, 255]);
        expect(pixel(image, 48, 12)).toEqual(black);
        expect(pixel(image, 41, 41)).toEqual([255, 255, 0, 255]);
        expect(pixel(image, 38, 38)).toEqual(black);
        expect(pixel(image, 61, 61)).toEqual([0, 0, 255, 255]);
        expect(pixel(image, 0, 50)).toEqual(white);
        expect(pixel(image, 1, 50)).toEqual(black);
        expect(pixel(image, 1, 51)).toEqual(white);
        expect(pixel(image, 26, 25)).toEqual([255, 0, 255, 255]);
        expect(pixel(image, 26, 27)).toEqual([255, 0, 255, 255]);
        expect(pixel(image, 26, 29)).toEqual(black);
        expect(pixel(image, 11, 31)).toEqual([0, 255, 255, 255]);
        expect(pixel(image, 1, 1)).toEqual(white); // layer 5's red square was disposed with it
        expect(pixel(image, 9, 1)).toEqual([0, 0, 255, 255]);
        expect(client.display.getLayer(-3).width).toBe(2); // buffers grow to fit
    });

    it('applies nothing before sync, and answers sync only after the frame (with its image) is applied', async () => {
        const { client, tunnel } = connected();
        const frames: number[] = [];
        client.display.on('frame', (applyMs, operations) => {
            expect(applyMs).toBeGreaterThanOrEqual(0);
            frames.push(operations);
        });
        const png = await solidPng(4, 4, '#00ff00');
        tunnel.instruction('size', 0, 8, 8);
        tunnel.instruction('img', 1, 0xe, 0, 'image/png', 0, 0);
        tunnel.instruction('blob', 1, encodeBase64(png));
        tunnel.instruction('end', 1);
        expect(client.display.width).toBe(0); // queued, not applied
        tunnel.instruction('sync', '77', 1);
        await answered(tunnel, '77');
        expect(pixel(client.display.getDefaultLayer().canvas, 1, 1)).toEqual([0, 255, 0, 255]);
        expect(frames).toEqual([2]);
        // the same timestamp again is applied but not answered twice
        tunnel.instruction('sync', '77');
        tunnel.instruction('sync', '78');
        await answered(tunnel, '78');
        expect(tunnel.sent.filter((s) => s === encodeInstruction('sync', ['77'])).length).toBe(1);
    });

    it('keeps frames in order when a later frame has no image', async () => {
        const { client, tunnel } = connected();
        const png = await solidPng(4, 4, '#ff0000');
        tunnel.instruction('size', 0, 4, 4);
        tunnel.instruction('img', 1, 0xe, 0, 'image/png', 0, 0);
        tunnel.instruction('blob', 1, encodeBase64(png));
        tunnel.instruction('end', 1);
        tunnel.instruction('sync', '1');
        tunnel.instruction('rect', 0, 0, 0, 4, 4);
        tunnel.instruction('cfill', 0xe, 0, 0, 0, 255, 255);
        tunnel.instruction('sync', '2');
        await answered(tunnel, '2');
        const syncs = tunnel.sent.filter((s) => s.startsWith('4.sync'));
        expect(syncs).toEqual([encodeInstruction('sync', ['1']), encodeInstruction('sync', ['2'])]);
        expect(pixel(client.display.getDefaultLayer().canvas, 1, 1)).toEqual([0, 0, 255, 255]);
    });

    it('transfer applies a raster operation and the cursor instruction publishes the image', async () => {
        const { client, tunnel } = connected();
        let cursor: [number, number, number] | null = null;
        client.display.on('cursor', (canvas, hx, hy) => {
            cursor = [canvas.width, hx, hy];
        });
        tunnel.receive([
            encodeInstruction('size', [0, 8, 8]),
            encodeInstruction('rect', [0, 0, 0, 8, 8]), encodeInstruction('cfill', [0xe, 0, 0xf0, 0x0f, 0xff, 255]),
            encodeInstruction('rect', [-2, 0, 0, 8, 8]), encodeInstruction('cfill', [0xe, -2, 0xff, 0xff, 0x00, 255]),
            encodeInstruction('transfer', [-2, 0, 0, 8, 8, 0x6, 0, 0, 0]), // XOR
            encodeInstruction('cursor', [1, 2, -2, 0, 0, 4, 4]),
            encodeInstruction('sync', ['5']),
        ].join(''));
        await answered(tunnel, '5');
        expect(pixel(client.display.getDefaultLayer().canvas, 3, 3)).toEqual([0x0f, 0xf0, 0xff, 255]);
        expect(cursor).toEqual([4, 1, 2]);
    });

    it('setScale scales the element once, keeping its layout box at the display size', async () => {
        const { client, tunnel } = connected();
        document.body.appendChild(client.display.element);
        tunnel.receive([encodeInstruction('size', [0, 200, 100]), encodeInstruction('sync', ['9'])].join(''));
        await answered(tunnel, '9');
        client.display.setScale(0.5);
        const box = client.display.element.getBoundingClientRect();
        expect([box.width, box.height]).toEqual([100, 50]);
        expect([client.display.element.offsetWidth, client.display.element.offsetHeight]).toEqual([200, 100]);
        client.display.element.remove();
    });
});
