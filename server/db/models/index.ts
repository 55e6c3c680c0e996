import type { Connection } from 'mongoose';
import { activityModel } from './activity.js';
import { agentModel } from './agent.js';
import { agentSessionModel } from './agent-session.js';
import { artifactModel } from './artifact.js';
import { blobModel } from './blob.js';
import { clientSendModel } from './client-send.js';
import { counterModel } from './counter.js';
import { dailyStatModel } from './daily-stat.js';
import { memoryModel } from './memory.js';
import { messageModel } from './message.js';
import { parcelModel } from './parcel.js';
import { principalModel } from './principal.js';
import { roomGrantModel } from './room-grant.js';
import { settingModel } from './setting.js';
import { sprintModel } from './sprint.js';
import { taskModel } from './task.js';
import { tokenModel } from './token.js';

/** All models, bound to one connection so several hubs (tests, benchmarks) can share a process. */
export function createModels(conn: Connection) {
  return {
    principals: principalModel(conn),
    tokens: tokenModel(conn),
    counters: counterModel(conn),
    messages: messageModel(conn),
    clientSends: clientSendModel(conn),
    sprints: sprintModel(conn),
    tasks: taskModel(conn),
    activities: activityModel(conn),
    blobs: blobModel(conn),
    artifacts: artifactModel(conn),
    settings: settingModel(conn),
    agents: agentModel(conn),
    sessions: agentSessionModel(conn),
    parcels: parcelModel(conn),
    memory: memoryModel(conn),
    grants: roomGrantModel(conn),
    dailyStats: dailyStatModel(conn),
  };
}

export type Models = ReturnType<typeof createModels>;
