export { SwitchboardClient, SwitchboardError, type ClientOptions, type HubSocket } from './client.js';
