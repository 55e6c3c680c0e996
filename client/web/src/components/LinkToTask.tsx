import { useId, useState, type FormEvent } from 'react';
import { taskRoom, type Artifact, type ArtifactOwner } from '../../../../protocol/index.js';
import { useHub, useSession } from '../app/contexts';
import { quoteArg } from '../logic/format.js';

/**
 * Links the file to another task without copying it: `/artifact-link URI --task=CODE`, sent in
 * that task's room so the people working on it see the file arrive.
 */
export function LinkToTask({ artifact, owner }: { artifact: Artifact; owner: ArtifactOwner }) {
  const session = useSession();
  const tasks = useHub((s) => s.directory.tasks);
  const others = tasks.filter((t) => !(owner.kind === 'task' && owner.code === t.code));
  const [target, setTarget] = useState('');
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  const id = useId();
  if (!others.length) return null;
  const link = async (e: FormEvent) => {
    e.preventDefault();
    if (!target) return;
    const ack = await session.send(taskRoom(target), `/artifact-link ${quoteArg(artifact.uri)} --task=${target}`);
    setOutcome(ack.ok ? { ok: true, text: `Linked to ${target}.` } : { ok: false, text: ack.error.message });
  };
  return (
    <form className="link-to-task" onSubmit={(e) => void link(e)}>
      <label htmlFor={id}>Link to task</label>
      <select id={id} value={target} onChange={(e) => (setTarget(e.target.value), setOutcome(null))}>
        <option value="">Choose a task…</option>
        {others.map((t) => (
          <option key={t.code} value={t.code}>
            {t.code} · {t.title}
          </option>
        ))}
      </select>
      <button type="submit" className="button small" disabled={!target}>
        Link
      </button>
      {outcome && (
        <span className={outcome.ok ? 'link-ok small' : 'error small'} role={outcome.ok ? 'status' : 'alert'}>
          {outcome.text}
        </span>
      )}
    </form>
  );
}
