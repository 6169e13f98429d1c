/** Listener signature for an event whose payload is the tuple `A`. */
export type Listener<A extends unknown[]> = (...args: A) => void;

/** Map of event name to payload tuple, e.g. `{ state: [ClientState]; error: [GuacamoleError] }`. */
export type EventMap = { [name: string]: unknown[] };

/**
 * A small typed multi-listener emitter. Listeners run in registration order; one that throws does not stop
 * the others (the error is rethrown asynchronously so it still reaches the console).
 */
export class EventEmitter<M extends EventMap> {
    private readonly listeners = new Map<keyof M, Listener<never[]>[]>();

    /** Adds a listener and returns a function that removes it. */
    on<K extends keyof M>(name: K, listener: Listener<M[K]>): () => void {
        const list = this.listeners.get(name);
        const entry = listener as unknown as Listener<never[]>;
        if (list === undefined) {
            this.listeners.set(name, [entry]);
        } else {
            list.push(entry);
        }

        return () => this.off(name, listener);
    }

    /** Adds a listener that runs at most once. */
    once<K extends keyof M>(name: K, listener: Listener<M[K]>): () => void {
        const remove = this.on(name, (...args: M[K]) => {
            remove();
            listener(...args);
        });
        return remove;
    }

    /** Removes one registration of `listener`. */
    off<K extends keyof M>(name: K, listener: Listener<M[K]>): void {
        const list = this.listeners.get(name);
        if (list === undefined) {
            return;
        }

        const index = list.indexOf(listener as unknown as Listener<never[]>);
        if (index >= 0) {
            // Copy on write so an emit in progress keeps its snapshot.
            const copy = list.slice();
            copy.splice(index, 1);
            this.listeners.set(name, copy);
        }
    }

    /** True when at least one listener is registered for `name`. */
    hasListeners<K extends keyof M>(name: K): boolean {
        const list = this.listeners.get(name);
        return list !== undefined && list.length > 0;
    }

    /** Calls every listener of `name` with `args`. */
    emit<K extends keyof M>(name: K, ...args: M[K]): void {
        const list = this.listeners.get(name);
        if (list === undefined) {
            return;
        }

        for (const listener of list) {
            try {
                (listener as unknown as Listener<M[K]>)(...args);
            } catch (error) {
                queueMicrotask(() => {
                    throw error;
                });
            }
        }
    }
}
