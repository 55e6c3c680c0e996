/**
 * The echo agent: a complete, runnable Switchboard agent bot, built on the agent SDK.
 *
 *   SWITCHBOARD_HUB=http://127.0.0.1:3000 SWITCHBOARD_TOKEN=<agent token> node dist/client/sdk/examples/echo-agent.js
 *
 * It connects, lets the hub initialise it and confirms the proposed plan, then takes every task
 * it is assigned: marks it in progress, notes that it started, answers in the task's room, and
 * marks it done. It runs until SIGTERM (or Ctrl-C). Make its token with
 * `/token-create @echo --kind=agent` and give it work with `/task-assign T-1 @echo`.
 */
import { taskRoom, type Parcel } from '../../../protocol/index.js';
import { AgentBot } from '../agent.js';
import { quote } from '../http.js';

const hubUrl = process.env.SWITCHBOARD_HUB ?? 'http://127.0.0.1:3000';
const token = process.env.SWITCHBOARD_TOKEN;
if (!token) {
  console.error('echo-agent: set SWITCHBOARD_TOKEN to an agent token (an admin makes one with /token-create @echo --kind=agent).');
  process.exit(2);
}

const log = (line: string) => console.log(`echo-agent: ${line}`);

const bot = await AgentBot.connect(hubUrl, token);
log(`connected to ${hubUrl} as @${bot.name}`);
bot.onError((err, during) => log(`error in ${during}: ${err.message}`));

// Every INIT (this session's, and a new one after a reconnect) proposes a plan: take it as is.
bot.onInit(async (init) => {
  if (init.status === 'failed') {
    log(`INIT failed at ${init.failedStep}: ${init.steps.find((s) => s.name === init.failedStep)?.detail ?? ''}`);
    return;
  }
  await bot.confirmPlan();
  log(`ready; plan: ${init.plan.length ? init.plan.join(', ') : 'nothing yet'}`);
});

/** Takes an assigned task from start to done, in the task's room so its watchers see each step. */
async function takeTask(code: string, parcel: Parcel): Promise<void> {
  const room = taskRoom(code);
  const { task } = (await bot.command(`/task-detail ${code}`)).data; // read in the inbox: no noise in the room
  if (task.status === 'completed' || task.status === 'cancelled') {
    log(`${code} is already ${task.status}; nothing to do`);
    return;
  }
  await bot.command(`/task-status ${code} --status=in_progress`, room);
  await bot.command(`/task-note ${code} ${quote(`@${bot.name} picked this up: ${task.title}`)}`, room);
  await bot.say(room, `Echo: "${task.title}"${parcel.body ? `, with: ${parcel.body.split('\n')[0]}` : ''}. Done from my side.`);
  await bot.command(`/task-done ${code} ${quote(`Echoed "${task.title}" back in ${room}`)}`, room);
  log(`completed ${code}`);
}

// A parcel is acknowledged only after this returns; if it throws, the hub sends it again later.
bot.onParcel(async (parcel) => {
  if (parcel.kind !== 'assignment' || !parcel.task) {
    log(`parcel from @${parcel.from.name}: ${parcel.subject}`);
    return;
  }
  await bot.whenReady();
  log(`assigned ${parcel.task}: ${parcel.subject}`);
  await takeTask(parcel.task, parcel);
});

const stop = () => {
  log('stopping');
  bot.close();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
