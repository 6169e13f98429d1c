export { Client, type ClientEvents, type ClientOptions, type ClientState, type MouseState, serverOpcodes, type TouchState } from './client';
export { buildConnectData, type ConnectParameters, supportedAudioMimetypes, supportedImageMimetypes } from './connectData';
export { GuacObject, type GuacObjectEvents, type GuacObjectHost } from './guacObject';
