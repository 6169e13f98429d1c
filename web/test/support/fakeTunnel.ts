import { EventEmitter } from '../../src/events';
import { InstructionParser } from '../../src/protocol/parser';
import { encodeInstruction, type ElementValue } from '../../src/protocol/writer';
import type { Tunnel, TunnelEvents, TunnelState } from '../../src/tunnel/tunnel';

/** A tunnel the test drives: it records what the client sends and replays server instruction text. */
export class FakeTunnel extends EventEmitter<TunnelEvents> implements Tunnel {
    state: TunnelState = 'closed';
    uuid: string | null = null;
    connectData: string | null = null;
    readonly sent: string[] = [];
    private readonly parser = new InstructionParser();

    connect(data: string): void {
        this.connectData = data;
        this.setState('connecting');
    }

    sendMessage(opcode: string, ...args: ElementValue[]): void {
        this.sent.push(encodeInstruction(opcode, args));
    }

    disconnect(): void {
        this.setState('closed');
    }

    /** The server side opened the tunnel. */
    open(uuid = '00000000-0000-0000-0000-000000000001'): void {
        this.uuid = uuid;
        this.emit('uuid', uuid);
        this.setState('open');
    }

    /** Delivers server instruction text (any number of instructions). */
    receive(text: string): void {
        this.parser.receive(text, (opcode, args) => this.emit('instruction', opcode, args));
    }

    /** Delivers one instruction. */
    instruction(opcode: string, ...args: ElementValue[]): void {
        this.receive(encodeInstruction(opcode, args));
    }

    private setState(state: TunnelState): void {
        this.state = state;
        this.emit('state', state);
    }
}
