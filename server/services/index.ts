import type { Models } from '../db/models/index.js';
import { ActivityService } from './activity.js';
import { MessageStore } from './message-store.js';
import { SprintService } from './sprints.js';
import { TaskService } from './tasks.js';
import { TokenService } from './tokens.js';

/** The hub's services, built once over one set of models. */
export function createServices(models: Models) {
  const activity = new ActivityService(models);
  const sprints = new SprintService(models, activity);
  return {
    models,
    activity,
    sprints,
    tasks: new TaskService(models, activity, sprints),
    tokens: new TokenService(models),
    messages: new MessageStore(models),
  };
}

export type Services = ReturnType<typeof createServices>;
