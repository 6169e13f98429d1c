/** How the remote display is fitted into the view. `fit`: scaled to fit; `native`: one remote pixel per device pixel. */
export type ScalingMode = 'fit' | 'native';

export interface Size {
    readonly width: number;
    readonly height: number;
}

/**
 * The CSS scale for a remote display of `remote` pixels shown in a view of `view` CSS pixels. `native` maps one
 * remote pixel to one device pixel (1 / devicePixelRatio), so nothing is resampled; `fit` scales the whole display
 * into the view, up or down, keeping its aspect ratio. Returns 1 for empty sizes.
 */
export function computeScale(mode: ScalingMode, remote: Size, view: Size, devicePixelRatio: number): number {
    const dpr = Number.isFinite(devicePixelRatio) && devicePixelRatio > 0 ? devicePixelRatio : 1;
    if (mode === 'native') {
        return 1 / dpr;
    }

    if (remote.width <= 0 || remote.height <= 0 || view.width <= 0 || view.height <= 0) {
        return 1;
    }

    return Math.min(view.width / remote.width, view.height / remote.height);
}

/**
 * The remote display size to ask for (the `size` instruction and GUAC_WIDTH/HEIGHT) so that the display fills a view
 * of `view` CSS pixels at full device resolution: CSS pixels × devicePixelRatio, rounded down, at least 1, at most
 * `max` per side.
 */
export function requestedSize(view: Size, devicePixelRatio: number, max = 8192): Size {
    const dpr = Number.isFinite(devicePixelRatio) && devicePixelRatio > 0 ? devicePixelRatio : 1;
    const clamp = (value: number): number => Math.min(max, Math.max(1, Math.floor(value * dpr)));
    return { width: clamp(view.width), height: clamp(view.height) };
}

/** The DPI to announce: 96 per CSS inch times devicePixelRatio. */
export function requestedDpi(devicePixelRatio: number): number {
    const dpr = Number.isFinite(devicePixelRatio) && devicePixelRatio > 0 ? devicePixelRatio : 1;
    return Math.round(96 * dpr);
}

/** Maps a point in CSS client coordinates to remote pixels, given where the display sits and its scale. */
export function toRemotePoint(clientX: number, clientY: number, origin: { readonly left: number; readonly top: number }, scale: number): { x: number; y: number } {
    const s = scale > 0 ? scale : 1;
    return { x: (clientX - origin.left) / s, y: (clientY - origin.top) / s };
}
