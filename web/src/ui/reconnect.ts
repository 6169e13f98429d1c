import { statusMessage } from './status-messages';

/** When to reconnect automatically. */
export interface ReconnectPolicy {
    /** Seconds to wait before each attempt; attempt n (1-based) uses entry n-1, and the last entry repeats. */
    readonly delays: readonly number[];
    /** Give up after this many attempts in a row without reaching a connected session. */
    readonly maxAttempts: number;
}

export const defaultReconnectPolicy: ReconnectPolicy = Object.freeze({ delays: [3, 5, 10, 20, 30], maxAttempts: 8 });

/**
 * Seconds to wait before reconnect attempt `attempt` (1-based) after a session ended with `status`, or null when the
 * shell should not reconnect on its own: the status is not retryable, there is no way to get a fresh connect token
 * (`canGetToken`), or the attempts are used up.
 */
export function reconnectDelay(status: number, attempt: number, canGetToken: boolean, policy: ReconnectPolicy = defaultReconnectPolicy): number | null {
    if (!canGetToken || !statusMessage(status).retryable || attempt < 1 || attempt > policy.maxAttempts || policy.delays.length === 0) {
        return null;
    }

    const delay = policy.delays[Math.min(attempt, policy.delays.length) - 1] ?? 0;
    return Math.max(0, delay);
}

/** Timer functions; injectable so tests run without real time. */
export interface Timers {
    setInterval(callback: () => void, ms: number): unknown;
    clearInterval(handle: unknown): void;
}

const browserTimers: Timers = {
    setInterval: (callback, ms) => globalThis.setInterval(callback, ms),
    clearInterval: (handle) => globalThis.clearInterval(handle as ReturnType<typeof setInterval>),
};

/** A one-second countdown: `tick(remaining)` every second, then `done()` at zero. `cancel()` stops it silently. */
export class Countdown {
    private handle: unknown = null;
    private remainingSeconds: number;

    constructor(seconds: number, private readonly tick: (remaining: number) => void, private readonly done: () => void, private readonly timers: Timers = browserTimers) {
        this.remainingSeconds = Math.max(0, Math.ceil(seconds));
    }

    get remaining(): number {
        return this.remainingSeconds;
    }

    get running(): boolean {
        return this.handle !== null;
    }

    start(): void {
        if (this.handle !== null) {
            return;
        }

        this.tick(this.remainingSeconds);
        if (this.remainingSeconds === 0) {
            this.done();
            return;
        }

        this.handle = this.timers.setInterval(() => {
            this.remainingSeconds--;
            if (this.remainingSeconds <= 0) {
                this.cancel();
                this.tick(0);
                this.done();
            } else {
                this.tick(this.remainingSeconds);
            }
        }, 1000);
    }

    cancel(): void {
        if (this.handle !== null) {
            this.timers.clearInterval(this.handle);
            this.handle = null;
        }
    }
}
