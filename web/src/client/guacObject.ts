import { EventEmitter } from '../events';
import type { InputStream, OutputStream } from '../streams/streams';

export type GuacObjectEvents = {
    /** The server answered a `get` (or pushed a body): the stream carries the content of `name`. */
    body: [stream: InputStream, mimetype: string, name: string];
    /** The server withdrew the object. */
    undefine: [];
};

/** What an object needs from the client. */
export interface GuacObjectHost {
    requestObject(objectIndex: number, name: string): void;
    createObjectOutputStream(objectIndex: number, mimetype: string, name: string): OutputStream;
}

/** A server-side object such as a filesystem (`filesystem`); `/` is its root. */
export class GuacObject extends EventEmitter<GuacObjectEvents> {
    /** Mimetype of a directory listing (JSON map of names to mimetypes). */
    static readonly streamIndexMimetype = 'application/vnd.glyptodon.guacamole.stream-index+json';
    static readonly root = '/';
    readonly index: number;
    readonly name: string;
    private readonly host: GuacObjectHost;

    constructor(index: number, name: string, host: GuacObjectHost) {
        super();
        this.index = index;
        this.name = name;
        this.host = host;
    }

    /** Asks for the content of `name`; the answer arrives as a `body` event. */
    request(name: string): void {
        this.host.requestObject(this.index, name);
    }

    /** Opens a stream that writes `name` (upload into the filesystem). */
    createOutputStream(mimetype: string, name: string): OutputStream {
        return this.host.createObjectOutputStream(this.index, mimetype, name);
    }
}
