import type { Connection } from 'mongoose';
import { activityModel } from './activity.js';
import { activityFeedModel } from './activity-feed.js';
import { agentModel } from './agent.js';
import { agentSessionModel } from './agent-session.js';
import { artifactModel } from './artifact.js';
import { blobModel } from './blob.js';
import { commandIntentModel } from './command-intent.js';
import { counterModel } from './counter.js';
import { dailyStatModel } from './daily-stat.js';
import { memoryModel } from './memory.js';
import { messageModel } from './message.js';
import { openUploadModel } from './open-upload.js';
import { parcelModel } from './parcel.js';
import { principalModel } from './principal.js';
import { readMarkModel } from './read-mark.js';
import { roomGrantModel } from './room-grant.js';
import { settingModel } from './setting.js';
import { sprintModel } from './sprint.js';
import { taskModel } from './task.js';
import { taskNoteModel } from './task-note.js';
import { tokenModel } from './token.js';
import { approvalModel } from './approval.js';
import { approvalOutcomeModel } from './approval-outcome.js';
import { scheduleModel } from './schedule.js';
import { scheduleRunModel } from './schedule-run.js';
import { templateModel } from './template.js';
import { runModel } from './run.js';
import { runChunkModel } from './run-chunk.js';
import { runnerModel } from './runner.js';
import { runMarkModel } from './run-mark.js';

/** All models, bound to one connection so several hubs (tests, benchmarks) can share a process. */
export function createModels(conn: Connection) {
  return {
    principals: principalModel(conn),
    tokens: tokenModel(conn),
    counters: counterModel(conn),
    messages: messageModel(conn),
    commandIntents: commandIntentModel(conn),
    sprints: sprintModel(conn),
    tasks: taskModel(conn),
    taskNotes: taskNoteModel(conn),
    activities: activityModel(conn),
    activityFeed: activityFeedModel(conn),
    blobs: blobModel(conn),
    openUploads: openUploadModel(conn),
    artifacts: artifactModel(conn),
    settings: settingModel(conn),
    agents: agentModel(conn),
    sessions: agentSessionModel(conn),
    parcels: parcelModel(conn),
    memory: memoryModel(conn),
    grants: roomGrantModel(conn),
    approvals: approvalModel(conn),
    approvalOutcomes: approvalOutcomeModel(conn),
    schedules: scheduleModel(conn),
    scheduleRuns: scheduleRunModel(conn),
    templates: templateModel(conn),
    dailyStats: dailyStatModel(conn),
    runs: runModel(conn),
    runChunks: runChunkModel(conn),
    runners: runnerModel(conn),
    runMarks: runMarkModel(conn),
    readMarks: readMarkModel(conn),
  };
}

export type Models = ReturnType<typeof createModels>;
