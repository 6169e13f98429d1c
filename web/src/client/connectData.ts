/** What the browser tells the gateway when it opens a tunnel. */
export interface ConnectParameters {
    /** One-time connect token (docs/TOKENS.md). */
    readonly token?: string;
    readonly width?: number;
    readonly height?: number;
    readonly dpi?: number;
    /** IANA zone; defaults to the browser's. */
    readonly timezone?: string;
    /** Supported mimetypes, in order of preference. */
    readonly audio?: readonly string[];
    readonly video?: readonly string[];
    readonly image?: readonly string[];
    /** Joins an existing connection (`$...`) or names a connection. */
    readonly id?: string;
    readonly type?: string;
}

/** Audio this library plays without help (Web Audio raw PCM). */
export const supportedAudioMimetypes: readonly string[] = ['audio/L8', 'audio/L16'];

/** Images `createImageBitmap` decodes in every current browser. */
export const supportedImageMimetypes: readonly string[] = ['image/png', 'image/jpeg', 'image/webp'];

/** Builds the URL-encoded connect data for {@link Client.connect} (`token`, `GUAC_WIDTH`, `GUAC_IMAGE`, ...). */
export function buildConnectData(parameters: ConnectParameters): string {
    const query = new URLSearchParams();
    const add = (key: string, value: string | number | undefined): void => {
        if (value !== undefined) {
            query.append(key, String(value));
        }
    };
    add('token', parameters.token);
    add('GUAC_ID', parameters.id);
    add('GUAC_TYPE', parameters.type);
    add('GUAC_WIDTH', parameters.width === undefined ? undefined : Math.floor(parameters.width));
    add('GUAC_HEIGHT', parameters.height === undefined ? undefined : Math.floor(parameters.height));
    add('GUAC_DPI', parameters.dpi === undefined ? undefined : Math.floor(parameters.dpi));
    let timezone = parameters.timezone;
    if (timezone === undefined) {
        try {
            timezone = Intl.DateTimeFormat().resolvedOptions().timeZone;
        } catch {
            timezone = undefined;
        }
    }

    add('GUAC_TIMEZONE', timezone);
    for (const mimetype of parameters.audio ?? supportedAudioMimetypes) {
        query.append('GUAC_AUDIO', mimetype);
    }

    for (const mimetype of parameters.video ?? []) {
        query.append('GUAC_VIDEO', mimetype);
    }

    for (const mimetype of parameters.image ?? supportedImageMimetypes) {
        query.append('GUAC_IMAGE', mimetype);
    }

    return query.toString();
}
