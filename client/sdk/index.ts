export { AgentBot, type AgentBotOptions, type InitOutcome, type InitListener, type ParcelHandler } from './agent.js';
export { SwitchboardClient, SwitchboardError, type ClientOptions, type HubSocket } from './client.js';
export { SwitchboardHttp, quote } from './http.js';
export * from './run-follower.js';
