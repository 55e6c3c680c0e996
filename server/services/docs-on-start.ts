import type { Acting } from './acting.js';
import { importDocs } from './docs-import.js';
import type { Services } from './index.js';

/** The settings key that records the first import of the project's own docs. */
export const DOCS_IMPORTED = 'docs.importedOnStart';

/**
 * Imports the project's `docs/` folder as project documentation on the hub's first start, so
 * every doc is in the artifact store. Recorded in settings: later starts leave the docs to
 * /docs-import (which adds a version for what changed). Returns how many files were stored.
 */
export async function importDocsOnFirstStart(services: Services, by: Acting, folder: string): Promise<number> {
  if ((await services.settings.get(DOCS_IMPORTED)) === 'done') return 0;
  const { outcomes } = await importDocs(services, by, folder, { dryRun: false });
  await services.settings.set(DOCS_IMPORTED, 'done');
  return outcomes.filter((o) => o.action === 'created' || o.action === 'new_version').length;
}
