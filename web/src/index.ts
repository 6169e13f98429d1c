// The client library's public surface; modules export from here as they land.
export const clientVersion = '0.1.0';
