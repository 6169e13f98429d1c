/** Largest width or height of any layer or buffer (guacd's display limit); larger requests are clamped. */
export const maxLayerDimension = 8192;

function clampDimension(value: number): number {
    if (!Number.isFinite(value) || value <= 0) {
        return 0;
    }

    return Math.min(Math.floor(value), maxLayerDimension);
}

/**
 * One drawing surface: the default layer (0), a visible layer (> 0) or an off-screen buffer (< 0). Buffers start
 * empty and grow to fit what is drawn into them. Visible layers have a DOM element positioned inside their parent.
 */
export class Layer {
    readonly index: number;
    readonly canvas: HTMLCanvasElement;
    readonly context: CanvasRenderingContext2D;
    /** The positioned element of a visible layer (holds the canvas and child layers); null for buffers. */
    readonly element: HTMLDivElement | null;
    readonly autosize: boolean;
    width = 0;
    height = 0;
    /** A new path starts with the next path instruction once the previous one was filled, stroked or clipped. */
    pathClosed = true;
    /** Saved states pushed by `push` (bounded; see {@link maxStackDepth}). */
    stackDepth = 0;
    // Visible-layer placement.
    parent: Layer | null = null;
    readonly children = new Set<Layer>();
    x = 0;
    y = 0;
    z = 0;
    opacity = 1;
    /** Absolute affine display matrix set by `distort` (a, b, c, d, e, f), or null for identity. */
    matrix: readonly number[] | null = null;
    multiTouch = 0;
    private initialized = false;

    constructor(index: number, width: number, height: number) {
        this.index = index;
        this.autosize = index < 0;
        this.canvas = document.createElement('canvas');
        const context = this.canvas.getContext('2d', { willReadFrequently: false });
        if (context === null) {
            throw new Error('2d canvas context unavailable');
        }

        this.context = context;
        if (index >= 0) {
            const element = document.createElement('div');
            element.style.position = 'absolute';
            element.style.left = '0px';
            element.style.top = '0px';
            element.style.overflow = 'hidden';
            element.style.transformOrigin = '0 0';
            this.canvas.style.position = 'absolute';
            this.canvas.style.left = '0px';
            this.canvas.style.top = '0px';
            element.appendChild(this.canvas);
            this.element = element;
        } else {
            this.element = null;
        }

        this.resize(width, height);
    }

    /** Resizes, keeping the current pixels at the top left. Resets the drawing state (transform, clip, stack). */
    resize(width: number, height: number): void {
        const w = clampDimension(width);
        const h = clampDimension(height);
        if (this.initialized && w === this.width && h === this.height) {
            return;
        }

        this.initialized = true;

        let keep: HTMLCanvasElement | null = null;
        if (this.width > 0 && this.height > 0 && w > 0 && h > 0) {
            keep = document.createElement('canvas');
            keep.width = Math.min(this.width, w);
            keep.height = Math.min(this.height, h);
            keep.getContext('2d')?.drawImage(this.canvas, 0, 0);
        }

        this.canvas.width = w;
        this.canvas.height = h;
        this.width = w;
        this.height = h;
        this.stackDepth = 0;
        this.pathClosed = true;
        if (keep !== null) {
            this.context.drawImage(keep, 0, 0);
        }

        this.context.save(); // the base state that `reset` returns to
        if (this.element !== null) {
            this.element.style.width = `${w}px`;
            this.element.style.height = `${h}px`;
        }
    }

    /** Grows a buffer so the rectangle fits (no effect on visible layers). */
    fit(x: number, y: number, w: number, h: number): void {
        if (!this.autosize) {
            return;
        }

        const right = Math.ceil(x + w);
        const bottom = Math.ceil(y + h);
        if (right > this.width || bottom > this.height) {
            this.resize(Math.max(this.width, right), Math.max(this.height, bottom));
        }
    }

    /** Starts a new path if the previous one was consumed. */
    beginPath(): void {
        if (this.pathClosed) {
            this.context.beginPath();
            this.pathClosed = false;
        }
    }

    /** Applies placement (position, z-order, opacity, distort matrix) to the element. */
    updateStyle(): void {
        const element = this.element;
        if (element === null) {
            return;
        }

        let transform = `translate(${this.x}px, ${this.y}px)`;
        if (this.matrix !== null) {
            transform += ` matrix(${this.matrix.join(',')})`;
        }

        element.style.transform = transform;
        element.style.zIndex = String(this.z);
        element.style.opacity = String(this.opacity);
    }
}
