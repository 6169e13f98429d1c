// A small typed multi-listener emitter private to the input modules. The library-wide one lives in
// src/events.ts (owned by the web-lib work); this copy keeps input/ free of that dependency until they are merged.

export type Listener<T> = (payload: T) => void;

export class InputEmitter<Events extends { [K in keyof Events]: unknown }> {
    readonly #listeners = new Map<keyof Events, Set<Listener<never>>>();

    /** Adds a listener and returns a function that removes it again. */
    on<K extends keyof Events>(type: K, listener: Listener<Events[K]>): () => void {
        let set = this.#listeners.get(type);
        if (set === undefined) {
            set = new Set();
            this.#listeners.set(type, set);
        }
        set.add(listener as Listener<never>);
        return () => this.off(type, listener);
    }

    off<K extends keyof Events>(type: K, listener: Listener<Events[K]>): void {
        this.#listeners.get(type)?.delete(listener as Listener<never>);
    }

    protected emit<K extends keyof Events>(type: K, payload: Events[K]): void {
        const set = this.#listeners.get(type);
        if (set === undefined) return;
        for (const listener of [...set]) {
            (listener as Listener<Events[K]>)(payload);
        }
    }
}
