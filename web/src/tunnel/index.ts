export { ChainedTunnel, createDefaultTunnel } from './chainedTunnel';
export { HttpTunnel, type HttpTunnelOptions } from './httpTunnel';
export { defaultTunnelOptions, type Tunnel, type TunnelEvents, type TunnelOptions, type TunnelState } from './tunnel';
export { WebSocketTunnel, type WebSocketTunnelOptions } from './webSocketTunnel';
