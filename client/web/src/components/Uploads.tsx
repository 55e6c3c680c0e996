import { useCallback, useRef, useState } from 'react';
import type { Artifact, ArtifactOwner } from '../../../../protocol/index.js';
import { useSession } from '../app/contexts';
import { uploadArtifact } from '../hub/artifacts';

export interface Upload {
  id: number;
  name: string;
  progress: number;
  state: 'uploading' | 'done' | 'failed';
  error?: string;
}

/** Files going up to the hub, one request each, with their progress (0..1) and outcome. */
export function useUploads(onUploaded?: (artifact: Artifact) => void) {
  const session = useSession();
  const [uploads, setUploads] = useState<Upload[]>([]);
  const nextId = useRef(1);
  const upload = useCallback(
    (owner: ArtifactOwner, files: FileList | File[]) => {
      for (const file of Array.from(files)) {
        const id = nextId.current++;
        setUploads((u) => [...u, { id, name: file.name, progress: 0, state: 'uploading' }]);
        const set = (change: Partial<Upload>) => setUploads((u) => u.map((x) => (x.id === id ? { ...x, ...change } : x)));
        const { done } = uploadArtifact(session, owner, file, (progress) => set({ progress }));
        done.then(
          ({ artifact }) => {
            set({ state: 'done', progress: 1 });
            onUploaded?.(artifact);
          },
          (err: Error) => set({ state: 'failed', error: err.message }),
        );
      }
    },
    [session, onUploaded],
  );
  const clearFinished = useCallback(() => setUploads((u) => u.filter((x) => x.state === 'uploading')), []);
  return { uploads, upload, clearFinished };
}

/** Each upload with a progress bar and its outcome, read out as it changes. */
export function UploadList({ uploads, label = 'Uploads' }: { uploads: Upload[]; label?: string }) {
  if (!uploads.length) return null;
  return (
    <ul className="uploads" aria-label={label} aria-live="polite">
      {uploads.map((u) => (
        <li key={u.id} className={`upload upload-${u.state}`}>
          <span className="upload-name">{u.name}</span>
          <progress max={1} value={u.progress} aria-label={`Upload of ${u.name}`} />
          <span className="small">{u.state === 'uploading' ? `${Math.round(u.progress * 100)}%` : u.state === 'done' ? 'Uploaded' : u.error}</span>
        </li>
      ))}
    </ul>
  );
}
