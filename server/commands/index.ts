import activity from './activity.js';
import agentDetail from './agent-detail.js';
import agentLog from './agent-log.js';
import agentRegister from './agent-register.js';
import agentStatus from './agent-status.js';
import agents from './agents.js';
import analytics from './analytics.js';
import artifactDownload from './artifact-download.js';
import artifactLink from './artifact-link.js';
import artifactPreview from './artifact-preview.js';
import artifactUpload from './artifact-upload.js';
import artifacts from './artifacts.js';
import broadcast from './broadcast.js';
import type { AnyCommand } from './definition.js';
import dashboard from './dashboard.js';
import docs from './docs.js';
import docsImport from './docs-import.js';
import docsQuickref from './docs-quickref.js';
import docsAgents from './docs-agents.js';
import help from './help.js';
import init from './init.js';
import initConfirm from './init-confirm.js';
import memoryForget from './memory-forget.js';
import memoryGet from './memory-get.js';
import memoryList from './memory-list.js';
import memorySet from './memory-set.js';
import loopResume from './loop-resume.js';
import messageRead from './message-read.js';
import messageSend from './message-send.js';
import messagesCheck from './messages-check.js';
import roomInvite from './room-invite.js';
import roomUninvite from './room-uninvite.js';
import sprintDetail from './sprint-detail.js';
import sprintStatus from './sprint-status.js';
import sprints from './sprints.js';
import sprintsCreate from './sprints-create.js';
import taskAssign from './task-assign.js';
import taskClaim from './task-claim.js';
import taskContext from './task-context.js';
import taskCreate from './task-create.js';
import taskDetail from './task-detail.js';
import taskDone from './task-done.js';
import taskNote from './task-note.js';
import taskRelease from './task-release.js';
import taskStatus from './task-status.js';
import tasks from './tasks.js';
import tasksStatus from './tasks-status.js';
import tokenCreate from './token-create.js';
import tokenRevoke from './token-revoke.js';
import tokens from './tokens.js';
import taskDepends from './task-depends.js';
import taskUndepend from './task-undepend.js';
import taskCollaborators from './task-collaborators.js';
import taskHandoff from './task-handoff.js';
import sprintPolicy from './sprint-policy.js';
import taskPolicy from './task-policy.js';
import taskApprove from './task-approve.js';
import taskReject from './task-reject.js';
import approvalRequest from './approval-request.js';
import approve from './approve.js';
import deny from './deny.js';
import approvals from './approvals.js';
import scheduleCreate from './schedule-create.js';
import schedules from './schedules.js';
import schedulePause from './schedule-pause.js';
import scheduleDelete from './schedule-delete.js';
import templateCreate from './template-create.js';
import templates from './templates.js';
import templateDetail from './template-detail.js';
import run from './run.js';
import runs from './runs.js';
import runDetail from './run-detail.js';
import runCancel from './run-cancel.js';
import runLog from './run-log.js';
import runApprove from './run-approve.js';
import runDeny from './run-deny.js';

/** Every command the hub knows, in the order /help shows them. Adding a command is adding it here. */
export const COMMANDS: readonly AnyCommand[] = [
  help,
  sprintsCreate,
  sprints,
  sprintDetail,
  sprintStatus,
  taskCreate,
  tasks,
  taskDetail,
  taskStatus,
  taskAssign,
  taskClaim,
  taskRelease,
  taskNote,
  taskContext,
  taskDone,
  tasksStatus,
  agentLog,
  init,
  initConfirm,
  memorySet,
  memoryGet,
  memoryList,
  memoryForget,
  agentRegister,
  agents,
  agentDetail,
  agentStatus,
  roomInvite,
  roomUninvite,
  messageSend,
  messagesCheck,
  messageRead,
  broadcast,
  loopResume,
  activity,
  dashboard,
  analytics,
  artifacts,
  artifactUpload,
  artifactDownload,
  artifactPreview,
  artifactLink,
  docs,
  docsImport,
  docsQuickref,
  docsAgents,
  tokenCreate,
  tokens,
  tokenRevoke,
  taskDepends,
  taskUndepend,
  taskCollaborators,
  taskHandoff,
  sprintPolicy,
  taskPolicy,
  taskApprove,
  taskReject,
  approvalRequest,
  approve,
  deny,
  approvals,
  scheduleCreate,
  schedules,
  schedulePause,
  scheduleDelete,
  templateCreate,
  templates,
  templateDetail,
  run,
  runs,
  runDetail,
  runCancel,
  runLog,
  runApprove,
  runDeny,
];
