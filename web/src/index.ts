// The client library's public surface. Nothing here imports ui/.
export const clientVersion = '0.1.0';
export * from './events';
export * from './protocol/index';
export * from './tunnel/index';
export * from './display/index';
export * from './streams/index';
export * from './client/index';
export * as input from './input/index'; // a namespace: input's MouseState and Listener differ from the client's
