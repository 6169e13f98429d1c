// Entry point of dist/gateway-session.js: portals load it as a module to get the <gateway-session> element.
import { defineGatewaySession } from './session-element';

export { GatewaySessionElement, type TokenRequestDetail } from './session-element';

defineGatewaySession();
