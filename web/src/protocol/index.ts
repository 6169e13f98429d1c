export { ByteInstructionParser } from './byteParser';
export { GuacamoleError, ProtocolError } from './errors';
export { defaultLimits, type ProtocolLimits } from './limits';
export { InstructionParser, type InstructionSink } from './parser';
export {
    GuacamoleStatus, type GuacamoleStatusName, isSuccess, parseStatus, statusFromHttp, statusFromWebSocketClose, statusName,
} from './status';
export { Utf8Validator } from './utf8';
export { codePointCount, encodeElement, encodeInstruction, type ElementValue } from './writer';
