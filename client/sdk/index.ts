export { SwitchboardClient, SwitchboardError, type ClientOptions, type HubSocket } from './client.js';
export { SwitchboardHttp, quote } from './http.js';
