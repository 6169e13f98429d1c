import { EventEmitter } from '../events';
import { applyTransfer, compositeOperation } from './composite';
import { Layer } from './layer';

/** Largest number of nested `push` states per layer; deeper pushes are ignored (with their pops). */
export const maxStackDepth = 64;

/** Queued operations after which a frame is applied even without `sync` (bounds memory; no sync is answered). */
export const maxQueuedOperations = 100_000;

export type DisplayEvents = {
    /** The default layer (the display) changed size. */
    resize: [width: number, height: number];
    /** The server set a new cursor image. */
    cursor: [canvas: HTMLCanvasElement, hotspotX: number, hotspotY: number];
    /** A frame was applied (after every `flush`); `applyMs` is the main-thread time its operations took. */
    frame: [applyMs: number, operations: number];
    /** `set <layer> multi-touch <n>`. */
    multitouch: [layer: number, contacts: number];
};

type Operation = () => void;

interface Frame {
    readonly operations: Operation[];
    readonly waits: Promise<unknown>[];
    ready: boolean;
    readonly done: () => void;
}

/** A decoded image that a queued operation draws once decoding finished (null when decoding failed). */
interface PendingImage {
    bitmap: ImageBitmap | null;
}

const lineCaps: CanvasLineCap[] = ['butt', 'round', 'square'];
const lineJoins: CanvasLineJoin[] = ['bevel', 'miter', 'round'];

/**
 * The Guacamole display: layers, buffers and every drawing instruction. Instructions are queued; {@link flush}
 * (called for each `sync`) applies the queued frame in one synchronous pass once every image in it is decoded
 * (images are decoded off the main thread with `createImageBitmap`). Frames apply strictly in order.
 */
export class Display extends EventEmitter<DisplayEvents> {
    /** The display's element: holds the default layer and, above it, the software cursor. */
    readonly element: HTMLDivElement;
    private scratch: HTMLCanvasElement | null = null;
    private scratchContext: CanvasRenderingContext2D | null = null;
    private readonly layers = new Map<number, Layer>();
    private readonly defaultLayer: Layer;
    private readonly cursorLayer: Layer;
    private cursorHotspotX = 0;
    private cursorHotspotY = 0;
    private cursorX = 0;
    private cursorY = 0;
    private pending: Operation[] = [];
    private pendingWaits: Promise<unknown>[] = [];
    private readonly frames: Frame[] = [];
    private scaleFactor = 1;

    constructor() {
        super();
        this.element = document.createElement('div');
        this.element.style.position = 'relative';
        this.element.style.transformOrigin = '0 0';
        this.element.style.overflow = 'hidden';
        this.defaultLayer = new Layer(0, 0, 0);
        this.layers.set(0, this.defaultLayer);
        this.element.appendChild(this.defaultLayer.element as HTMLDivElement);
        this.cursorLayer = new Layer(0, 0, 0);
        const cursorElement = this.cursorLayer.element as HTMLDivElement;
        cursorElement.style.zIndex = '2147483647';
        cursorElement.style.pointerEvents = 'none';
        cursorElement.style.visibility = 'hidden';
        this.element.appendChild(cursorElement);
        this.updateElementSize();
    }

    get width(): number {
        return this.defaultLayer.width;
    }

    get height(): number {
        return this.defaultLayer.height;
    }

    /** The current scale of {@link element} (CSS transform). */
    get scale(): number {
        return this.scaleFactor;
    }

    /** Frames received (`flush` called) but not yet applied, e.g. while their images decode. */
    get pendingFrames(): number {
        return this.frames.length;
    }

    /** The layer or buffer with this index, created on first reference. */
    getLayer(index: number): Layer {
        let layer = this.layers.get(index);
        if (layer === undefined) {
            if (index > 0) {
                layer = new Layer(index, this.defaultLayer.width, this.defaultLayer.height);
                this.attach(layer, this.defaultLayer);
            } else {
                layer = new Layer(index, 0, 0);
            }

            this.layers.set(index, layer);
        }

        return layer;
    }

    /** The default layer (index 0). */
    getDefaultLayer(): Layer {
        return this.defaultLayer;
    }

    /**
     * Scales the display element visually with a CSS transform (origin top left; e.g. to fit a window). The element's
     * layout box keeps the unscaled size. Input coordinates must be divided by the scale.
     */
    setScale(scale: number): void {
        if (!Number.isFinite(scale) || scale <= 0) {
            return;
        }

        this.scaleFactor = scale;
        this.element.style.transform = scale === 1 ? '' : `scale(${scale})`;
        this.updateElementSize();
    }

    /** Shows or hides the software cursor (the server's cursor image drawn at {@link moveCursor}). */
    showCursor(visible: boolean): void {
        (this.cursorLayer.element as HTMLDivElement).style.visibility = visible ? 'visible' : 'hidden';
    }

    /** Moves the software cursor's hotspot to (x, y) in display coordinates. */
    moveCursor(x: number, y: number): void {
        this.cursorX = x;
        this.cursorY = y;
        this.cursorLayer.x = x - this.cursorHotspotX;
        this.cursorLayer.y = y - this.cursorHotspotY;
        this.cursorLayer.updateStyle();
    }

    // ---- queueing -------------------------------------------------------------------------------------------

    private queue(operation: Operation): void {
        this.pending.push(operation);
        if (this.pending.length >= maxQueuedOperations) {
            this.flush(); // a server that never syncs must not grow the queue without bound
        }
    }

    /**
     * Ends the current frame: it is applied once all its images are decoded and all earlier frames were applied,
     * then `done` runs (the client answers the server's `sync` there).
     */
    flush(done: () => void = () => undefined): void {
        const frame: Frame = { operations: this.pending, waits: this.pendingWaits, ready: this.pendingWaits.length === 0, done };
        this.pending = [];
        this.pendingWaits = [];
        this.frames.push(frame);
        if (!frame.ready) {
            void Promise.allSettled(frame.waits).then(() => {
                frame.ready = true;
                this.applyReadyFrames();
            });
        }

        this.applyReadyFrames();
    }

    private applyReadyFrames(): void {
        while (this.frames.length > 0) {
            const frame = this.frames[0] as Frame;
            if (!frame.ready) {
                return;
            }

            this.frames.shift();
            const started = performance.now();
            for (const operation of frame.operations) {
                try {
                    operation();
                } catch {
                    // A hostile or odd instruction (e.g. a canvas call the browser rejects) is skipped; the rest of
                    // the frame still applies and its sync is still answered.
                }
            }

            this.emit('frame', performance.now() - started, frame.operations.length);
            frame.done();
        }
    }

    // ---- layer management -----------------------------------------------------------------------------------

    private attach(layer: Layer, parent: Layer): void {
        if (layer.parent !== null) {
            layer.parent.children.delete(layer);
        }

        layer.parent = parent;
        parent.children.add(layer);
        (parent.element as HTMLDivElement).appendChild(layer.element as HTMLDivElement);
        layer.updateStyle();
    }

    private updateElementSize(): void {
        // The box keeps the display's own size; the transform from setScale scales it visually (scaling the box as
        // well would scale twice). A page that needs the scaled size for layout wraps the element and sizes the wrapper.
        this.element.style.width = `${this.defaultLayer.width}px`;
        this.element.style.height = `${this.defaultLayer.height}px`;
    }

    /** `size`: resizes a layer or buffer; resizing layer 0 resizes the display. */
    size(index: number, width: number, height: number): void {
        this.queue(() => {
            const layer = this.getLayer(index);
            layer.resize(width, height);
            if (index === 0) {
                this.updateElementSize();
                this.emit('resize', layer.width, layer.height);
            }
        });
    }

    /** `move`: reparents and positions a visible layer (index > 0). */
    move(index: number, parentIndex: number, x: number, y: number, z: number): void {
        if (index <= 0 || parentIndex < 0 || index === parentIndex) {
            return;
        }

        this.queue(() => {
            const layer = this.getLayer(index);
            const parent = this.getLayer(parentIndex);
            if (isAncestor(layer, parent)) {
                return; // would create a cycle
            }

            if (layer.parent !== parent) {
                this.attach(layer, parent);
            }

            layer.x = x;
            layer.y = y;
            layer.z = z;
            layer.updateStyle();
        });
    }

    /** `shade`: opacity 0-255 of a visible layer. */
    shade(index: number, alpha: number): void {
        if (index < 0) {
            return;
        }

        this.queue(() => {
            const layer = this.getLayer(index);
            layer.opacity = Math.min(Math.max(alpha, 0), 255) / 255;
            layer.updateStyle();
        });
    }

    /** `distort`: sets a visible layer's absolute display transform. */
    distort(index: number, a: number, b: number, c: number, d: number, e: number, f: number): void {
        if (index < 0) {
            return;
        }

        this.queue(() => {
            const layer = this.getLayer(index);
            layer.matrix = [a, b, c, d, e, f];
            layer.updateStyle();
        });
    }

    /** `dispose`: deletes a layer or buffer (and a layer's children); the index may be used again later. */
    dispose(index: number): void {
        if (index === 0) {
            return;
        }

        this.queue(() => {
            const layer = this.layers.get(index);
            if (layer === undefined) {
                return;
            }

            const remove = (l: Layer): void => {
                for (const child of l.children) {
                    remove(child);
                }

                this.layers.delete(l.index);
            };
            remove(layer);
            layer.parent?.children.delete(layer);
            layer.parent = null;
            layer.element?.remove();
        });
    }

    /** `set`: a layer property (`miter-limit`, `multi-touch`). */
    setProperty(index: number, name: string, value: string): void {
        this.queue(() => {
            const layer = this.getLayer(index);
            const number = Number(value);
            if (name === 'miter-limit' && Number.isFinite(number) && number > 0) {
                layer.context.miterLimit = number;
            } else if (name === 'multi-touch' && Number.isInteger(number) && number >= 0) {
                layer.multiTouch = number;
                this.emit('multitouch', index, number);
            }
        });
    }

    // ---- paths ------------------------------------------------------------------------------------------------

    rect(index: number, x: number, y: number, w: number, h: number): void {
        this.queue(() => {
            const layer = this.getLayer(index);
            layer.fit(x, y, w, h);
            layer.beginPath();
            layer.context.rect(x, y, w, h);
        });
    }

    arc(index: number, x: number, y: number, radius: number, start: number, end: number, negative: boolean): void {
        if (!(radius >= 0)) {
            return;
        }

        this.queue(() => {
            const layer = this.getLayer(index);
            layer.fit(x - radius, y - radius, radius * 2, radius * 2);
            layer.beginPath();
            layer.context.arc(x, y, radius, start, end, negative);
        });
    }

    start(index: number, x: number, y: number): void {
        this.queue(() => {
            const layer = this.getLayer(index);
            layer.fit(x, y, 0, 0);
            layer.beginPath();
            layer.context.moveTo(x, y);
        });
    }

    line(index: number, x: number, y: number): void {
        this.queue(() => {
            const layer = this.getLayer(index);
            layer.fit(x, y, 0, 0);
            layer.beginPath();
            layer.context.lineTo(x, y);
        });
    }

    curve(index: number, cp1x: number, cp1y: number, cp2x: number, cp2y: number, x: number, y: number): void {
        this.queue(() => {
            const layer = this.getLayer(index);
            layer.fit(Math.min(cp1x, cp2x, x), Math.min(cp1y, cp2y, y), 0, 0);
            layer.fit(Math.max(cp1x, cp2x, x), Math.max(cp1y, cp2y, y), 0, 0);
            layer.beginPath();
            layer.context.bezierCurveTo(cp1x, cp1y, cp2x, cp2y, x, y);
        });
    }

    close(index: number): void {
        this.queue(() => {
            const layer = this.getLayer(index);
            layer.context.closePath();
        });
    }

    clip(index: number): void {
        this.queue(() => {
            const layer = this.getLayer(index);
            layer.context.clip();
            layer.pathClosed = true;
        });
    }

    // ---- fills and strokes ------------------------------------------------------------------------------------

    private composite(layer: Layer, mask: number, draw: (context: CanvasRenderingContext2D) => void): void {
        const operation = compositeOperation(mask);
        if (operation === null) {
            return;
        }

        const context = layer.context;
        context.globalCompositeOperation = operation;
        try {
            draw(context);
        } finally {
            context.globalCompositeOperation = 'source-over';
        }
    }

    cfill(mask: number, index: number, r: number, g: number, b: number, a: number): void {
        this.queue(() => {
            const layer = this.getLayer(index);
            this.composite(layer, mask, (context) => {
                context.fillStyle = rgba(r, g, b, a);
                context.fill();
            });
            layer.pathClosed = true;
        });
    }

    cstroke(mask: number, index: number, cap: number, join: number, thickness: number, r: number, g: number, b: number, a: number): void {
        this.queue(() => {
            const layer = this.getLayer(index);
            this.composite(layer, mask, (context) => {
                context.lineCap = lineCaps[cap] ?? 'butt';
                context.lineJoin = lineJoins[join] ?? 'miter';
                context.lineWidth = thickness;
                context.strokeStyle = rgba(r, g, b, a);
                context.stroke();
            });
            layer.pathClosed = true;
        });
    }

    lfill(mask: number, index: number, sourceIndex: number): void {
        this.queue(() => {
            const layer = this.getLayer(index);
            const source = this.getLayer(sourceIndex);
            if (source.width > 0 && source.height > 0) {
                const pattern = layer.context.createPattern(source.canvas, 'repeat');
                if (pattern !== null) {
                    this.composite(layer, mask, (context) => {
                        context.fillStyle = pattern;
                        context.fill();
                    });
                }
            }

            layer.pathClosed = true;
        });
    }

    lstroke(mask: number, index: number, cap: number, join: number, thickness: number, sourceIndex: number): void {
        this.queue(() => {
            const layer = this.getLayer(index);
            const source = this.getLayer(sourceIndex);
            if (source.width > 0 && source.height > 0) {
                const pattern = layer.context.createPattern(source.canvas, 'repeat');
                if (pattern !== null) {
                    this.composite(layer, mask, (context) => {
                        context.lineCap = lineCaps[cap] ?? 'butt';
                        context.lineJoin = lineJoins[join] ?? 'miter';
                        context.lineWidth = thickness;
                        context.strokeStyle = pattern;
                        context.stroke();
                    });
                }
            }

            layer.pathClosed = true;
        });
    }

    // ---- state stack and transforms ---------------------------------------------------------------------------

    push(index: number): void {
        this.queue(() => {
            const layer = this.getLayer(index);
            if (layer.stackDepth < maxStackDepth) {
                layer.context.save();
            }

            layer.stackDepth++;
        });
    }

    pop(index: number): void {
        this.queue(() => {
            const layer = this.getLayer(index);
            if (layer.stackDepth > 0) {
                if (layer.stackDepth <= maxStackDepth) {
                    layer.context.restore();
                }

                layer.stackDepth--;
            }
        });
    }

    reset(index: number): void {
        this.queue(() => {
            const layer = this.getLayer(index);
            const context = layer.context;
            for (let i = Math.min(layer.stackDepth, maxStackDepth); i > 0; i--) {
                context.restore();
            }

            layer.stackDepth = 0;
            context.restore(); // the base state: no clip, identity transform
            context.save();
            layer.pathClosed = true;
        });
    }

    identity(index: number): void {
        this.queue(() => {
            this.getLayer(index).context.setTransform(1, 0, 0, 1, 0, 0);
        });
    }

    transform(index: number, a: number, b: number, c: number, d: number, e: number, f: number): void {
        this.queue(() => {
            this.getLayer(index).context.transform(a, b, c, d, e, f);
        });
    }

    // ---- copies ---------------------------------------------------------------------------------------------------

    copy(sourceIndex: number, sx: number, sy: number, w: number, h: number, mask: number, destIndex: number, dx: number, dy: number): void {
        this.queue(() => {
            const source = this.getLayer(sourceIndex);
            const dest = this.getLayer(destIndex);
            const r = clipSource(source, sx, sy, w, h, dx, dy);
            if (r === null) {
                return;
            }

            dest.fit(r.dx, r.dy, r.w, r.h);
            // A copy within one canvas (a scroll) goes through a scratch canvas of the region's size: drawing a
            // canvas onto itself makes the browser snapshot the whole canvas first.
            const from = source === dest ? this.stage(source.canvas, r.sx, r.sy, r.w, r.h) : null;
            this.composite(dest, mask, (context) => {
                if (from === null) {
                    context.drawImage(source.canvas, r.sx, r.sy, r.w, r.h, r.dx, r.dy, r.w, r.h);
                } else {
                    context.drawImage(from, 0, 0, r.w, r.h, r.dx, r.dy, r.w, r.h);
                }
            });
        });
    }

    /** Copies a region of `canvas` into the reusable scratch canvas (grown as needed); null when none can be made. */
    private stage(canvas: HTMLCanvasElement, x: number, y: number, w: number, h: number): HTMLCanvasElement | null {
        let scratch = this.scratch;
        if (scratch === null || scratch.width < w || scratch.height < h) {
            scratch = document.createElement('canvas');
            scratch.width = Math.max(w, this.scratch?.width ?? 0);
            scratch.height = Math.max(h, this.scratch?.height ?? 0);
            this.scratch = scratch;
            this.scratchContext = scratch.getContext('2d');
        }

        const context = this.scratchContext;
        if (context === null) {
            return null;
        }

        context.globalCompositeOperation = 'copy';
        context.drawImage(canvas, x, y, w, h, 0, 0, w, h);
        context.globalCompositeOperation = 'source-over';
        return scratch;
    }

    transfer(sourceIndex: number, sx: number, sy: number, w: number, h: number, fn: number, destIndex: number, dx: number, dy: number): void {
        this.queue(() => {
            const source = this.getLayer(sourceIndex);
            const dest = this.getLayer(destIndex);
            const r = clipSource(source, sx, sy, w, h, dx, dy);
            if (r === null) {
                return;
            }

            dest.fit(r.dx, r.dy, r.w, r.h);
            if (fn === 0x5) {
                return; // DEST: nothing changes
            }

            const from = source.context.getImageData(r.sx, r.sy, r.w, r.h);
            const to = dest.context.getImageData(r.dx, r.dy, r.w, r.h);
            applyTransfer(fn, from.data, to.data);
            dest.context.putImageData(to, r.dx, r.dy);
        });
    }

    // ---- images -----------------------------------------------------------------------------------------------

    /**
     * Queues an image drawn at (x, y) with a channel mask. `data` resolves to the encoded image (e.g. when its
     * stream ends); decoding starts at once, and the frame holding it waits for the result.
     */
    drawImage(mask: number, index: number, x: number, y: number, data: Promise<Blob>): void {
        const image: PendingImage = { bitmap: null };
        const decoded = data.then((blob) => createImageBitmap(blob)).then(
            (bitmap) => {
                image.bitmap = bitmap;
            },
            () => {
                image.bitmap = null; // undecodable image: nothing is drawn
            },
        );
        this.pendingWaits.push(decoded);
        this.queue(() => {
            const bitmap = image.bitmap;
            if (bitmap === null) {
                return;
            }

            const layer = this.getLayer(index);
            layer.fit(x, y, bitmap.width, bitmap.height);
            this.composite(layer, mask, (context) => context.drawImage(bitmap, x, y));
            bitmap.close();
        });
    }

    // ---- cursor -----------------------------------------------------------------------------------------------

    /** `cursor`: the cursor image is the given rectangle of a layer; its hotspot is (hotspotX, hotspotY). */
    cursor(hotspotX: number, hotspotY: number, sourceIndex: number, sx: number, sy: number, w: number, h: number): void {
        this.queue(() => {
            const source = this.getLayer(sourceIndex);
            const cursor = this.cursorLayer;
            const r = clipSource(source, sx, sy, w, h, 0, 0);
            cursor.resize(r?.w ?? 0, r?.h ?? 0);
            if (r !== null) {
                cursor.context.clearRect(0, 0, r.w, r.h);
                cursor.context.drawImage(source.canvas, r.sx, r.sy, r.w, r.h, 0, 0, r.w, r.h);
            }

            this.cursorHotspotX = hotspotX;
            this.cursorHotspotY = hotspotY;
            this.moveCursor(this.cursorX, this.cursorY);
            this.emit('cursor', cursor.canvas, hotspotX, hotspotY);
        });
    }

    // ---- snapshots --------------------------------------------------------------------------------------------

    /**
     * Composes every visible layer (positions, nesting, z-order, opacity, distort matrices) into one new canvas
     * of the display's size: thumbnails, screenshots and tests.
     */
    flatten(): HTMLCanvasElement {
        const canvas = document.createElement('canvas');
        canvas.width = this.width;
        canvas.height = this.height;
        const context = canvas.getContext('2d');
        if (context === null || this.width === 0 || this.height === 0) {
            return canvas;
        }

        const draw = (layer: Layer): void => {
            context.save();
            context.translate(layer.x, layer.y);
            if (layer.matrix !== null) {
                const [a, b, c, d, e, f] = layer.matrix as [number, number, number, number, number, number];
                context.transform(a, b, c, d, e, f);
            }

            context.globalAlpha *= layer.opacity;
            context.beginPath();
            context.rect(0, 0, layer.width, layer.height);
            context.clip();
            if (layer.width > 0 && layer.height > 0) {
                context.drawImage(layer.canvas, 0, 0);
            }

            const children = Array.from(layer.children).sort((p, q) => p.z - q.z);
            for (const child of children) {
                draw(child);
            }

            context.restore();
        };
        draw(this.defaultLayer);
        return canvas;
    }
}

function rgba(r: number, g: number, b: number, a: number): string {
    return `rgba(${r & 0xff},${g & 0xff},${b & 0xff},${(a & 0xff) / 255})`;
}

function isAncestor(candidate: Layer, of: Layer): boolean {
    for (let l: Layer | null = of; l !== null; l = l.parent) {
        if (l === candidate) {
            return true;
        }
    }

    return false;
}

interface CopyRect {
    sx: number;
    sy: number;
    w: number;
    h: number;
    dx: number;
    dy: number;
}

/** Clips a source rectangle to the source layer's bounds (moving the destination with it); null when empty. */
function clipSource(source: Layer, sx: number, sy: number, w: number, h: number, dx: number, dy: number): CopyRect | null {
    let x = sx;
    let y = sy;
    let width = w;
    let height = h;
    let tx = dx;
    let ty = dy;
    if (x < 0) {
        width += x;
        tx -= x;
        x = 0;
    }

    if (y < 0) {
        height += y;
        ty -= y;
        y = 0;
    }

    width = Math.min(width, source.width - x);
    height = Math.min(height, source.height - y);
    if (!(width > 0 && height > 0)) {
        return null;
    }

    return { sx: x, sy: y, w: width, h: height, dx: tx, dy: ty };
}
