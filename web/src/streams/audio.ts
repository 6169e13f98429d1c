import type { InputStream } from './streams';

/** A raw PCM format from an `audio/L8` or `audio/L16` mimetype such as `audio/L16;rate=44100,channels=2`. */
export interface PcmFormat {
    readonly bytesPerSample: 1 | 2;
    readonly rate: number;
    readonly channels: number;
}

/** Parses a raw PCM mimetype; null for anything else or out-of-range parameters. */
export function parsePcmMimetype(mimetype: string): PcmFormat | null {
    const match = /^audio\/L(8|16)(?:;(.*))?$/i.exec(mimetype.trim());
    if (match === null) {
        return null;
    }

    let rate = 0;
    let channels = 1;
    for (const part of (match[2] ?? '').split(/[;,]/)) {
        const [key, value] = part.split('=').map((s) => s.trim().toLowerCase());
        if (key === 'rate' && value !== undefined && /^\d{1,6}$/.test(value)) {
            rate = Number(value);
        } else if (key === 'channels' && value !== undefined && /^\d{1,2}$/.test(value)) {
            channels = Number(value);
        }
    }

    if (rate < 3000 || rate > 384000 || channels < 1 || channels > 8) {
        return null;
    }

    return { bytesPerSample: match[1] === '8' ? 1 : 2, rate, channels };
}

/**
 * Converts interleaved PCM (16-bit signed little-endian, or 8-bit signed) to one Float32Array per channel.
 * A trailing partial frame is returned as `rest` for the next call.
 */
export function pcmToChannels(data: Uint8Array, format: PcmFormat): { channels: Float32Array[]; rest: Uint8Array } {
    const frameBytes = format.bytesPerSample * format.channels;
    const frames = Math.floor(data.length / frameBytes);
    const channels = Array.from({ length: format.channels }, () => new Float32Array(frames));
    const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    for (let f = 0; f < frames; f++) {
        for (let c = 0; c < format.channels; c++) {
            const offset = f * frameBytes + c * format.bytesPerSample;
            const sample = format.bytesPerSample === 2 ? view.getInt16(offset, true) / 32768 : view.getInt8(offset) / 128;
            (channels[c] as Float32Array)[f] = sample;
        }
    }

    return { channels, rest: data.slice(frames * frameBytes) };
}

/**
 * Plays a raw PCM stream through Web Audio: each blob becomes an AudioBuffer scheduled right after the previous
 * one, so playback is gapless while data keeps up. When it falls behind, playback restarts a little ahead of now.
 */
export class PcmAudioPlayer {
    private readonly context: AudioContext;
    private readonly format: PcmFormat;
    private nextTime = 0;
    private rest: Uint8Array = new Uint8Array(0);
    /** Seconds of buffering added when playback (re)starts. */
    static readonly leadTime = 0.05;

    constructor(context: AudioContext, format: PcmFormat) {
        this.context = context;
        this.format = format;
    }

    /** Plays `stream` until it ends. */
    play(stream: InputStream): void {
        stream.on('blob', (data) => this.enqueue(data));
    }

    /** Schedules PCM bytes for playback. */
    enqueue(data: Uint8Array): void {
        let bytes = data;
        if (this.rest.length > 0) {
            bytes = new Uint8Array(this.rest.length + data.length);
            bytes.set(this.rest, 0);
            bytes.set(data, this.rest.length);
        }

        const { channels, rest } = pcmToChannels(bytes, this.format);
        this.rest = rest;
        const frames = channels[0]?.length ?? 0;
        if (frames === 0) {
            return;
        }

        const buffer = this.context.createBuffer(this.format.channels, frames, this.format.rate);
        channels.forEach((samples, c) => buffer.copyToChannel(samples as Float32Array<ArrayBuffer>, c));
        const source = this.context.createBufferSource();
        source.buffer = buffer;
        source.connect(this.context.destination);
        const now = this.context.currentTime;
        if (this.nextTime < now) {
            this.nextTime = now + PcmAudioPlayer.leadTime;
        }

        source.start(this.nextTime);
        this.nextTime += buffer.duration;
    }
}
