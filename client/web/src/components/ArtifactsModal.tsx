import { useCallback, useEffect, useRef, useState, type DragEvent } from 'react';
import type { Artifact, ArtifactOwner } from '../../../../protocol/index.js';
import { useHub, useSession, useUi, useUiState } from '../app/contexts';
import { downloadArtifact, listArtifacts, previewArtifact } from '../hub/artifacts';
import { isMarkdown, isPreviewable } from '../logic/artifact-refs.js';
import { formatBytes, relativeTime } from '../logic/format.js';
import { onListKeyDown } from './ListNav';
import { Markdown } from './Markdown';
import { Modal } from './Modal';
import { UploadList, useUploads } from './Uploads';
import { LinkToTask } from './LinkToTask';

const ownerKey = (o: ArtifactOwner) => (o.kind === 'project' ? 'project' : `${o.kind}:${o.code}`);
const ownerFromKey = (key: string): ArtifactOwner => {
  if (key === 'project') return { kind: 'project', code: null };
  const [kind, code] = key.split(':') as ['task' | 'sprint', string];
  return { kind, code };
};
const describe = (o: ArtifactOwner) => (o.kind === 'project' ? 'the project' : `${o.kind} ${o.code}`);

/** Browse, upload (drop or pick, with progress), preview and download the files of a task, a sprint or the project. */
export function ArtifactsModal() {
  const ui = useUi();
  const state = useUiState((s) => s.artifacts);
  if (!state) return null;
  return <ArtifactsBrowser key={ownerKey(state.owner)} initialOwner={state.owner} initialUri={state.uri} onClose={() => ui.set((s) => ({ ...s, artifacts: null }))} />;
}

function ArtifactsBrowser({ initialOwner, initialUri, onClose }: { initialOwner: ArtifactOwner; initialUri: string | null; onClose: () => void }) {
  const session = useSession();
  const directory = useHub((s) => s.directory);
  const changed = useHub((s) => s.artifactsChanged);
  const [owner, setOwner] = useState(initialOwner);
  const [artifacts, setArtifacts] = useState<Artifact[] | null>(null);
  const [listError, setListError] = useState<string | null>(null);
  const [selected, setSelected] = useState<Artifact | null>(null);
  const [wantedUri, setWantedUri] = useState(initialUri);
  const [preview, setPreview] = useState<{ text: string; truncated: boolean } | { error: string } | null>(null);
  const [dragging, setDragging] = useState(false);
  const [downloadError, setDownloadError] = useState<string | null>(null);
  const picker = useRef<HTMLInputElement>(null);

  const reload = useCallback(async () => {
    try {
      setListError(null);
      setArtifacts(await listArtifacts(session, owner));
    } catch (err) {
      setListError((err as Error).message);
      setArtifacts([]);
    }
  }, [session, owner]);

  useEffect(() => {
    void reload();
  }, [reload, changed]);

  const select = useCallback(
    async (a: Artifact) => {
      setSelected(a);
      setDownloadError(null);
      if (!isPreviewable(a.mediaType, a.name)) {
        setPreview(null);
        return;
      }
      setPreview({ text: '', truncated: false });
      try {
        setPreview(await previewArtifact(session, a.versionUri));
      } catch (err) {
        setPreview({ error: (err as Error).message });
      }
    },
    [session],
  );

  useEffect(() => {
    if (!wantedUri || !artifacts) return;
    const found = artifacts.find((a) => a.uri === wantedUri || a.versionUri === wantedUri || a.casUri === wantedUri);
    if (found) {
      setWantedUri(null);
      void select(found);
    }
  }, [wantedUri, artifacts, select]);

  const onUploaded = useCallback(
    (artifact: Artifact) => {
      setWantedUri(artifact.versionUri);
      void reload();
    },
    [reload],
  );
  const { uploads, upload: uploadTo } = useUploads(onUploaded);
  const upload = (files: FileList | File[]) => uploadTo(owner, files);

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    if (e.dataTransfer.files.length) upload(e.dataTransfer.files);
  };

  const download = async (a: Artifact) => {
    setDownloadError(null);
    try {
      await downloadArtifact(session, a.versionUri);
    } catch (err) {
      setDownloadError((err as Error).message);
    }
  };

  return (
    <Modal className="modal-wide artifacts-modal" onClose={onClose} title="Artifacts">
      <div className="artifacts-toolbar">
        <label htmlFor="artifact-owner">Files of</label>
        <select id="artifact-owner" value={ownerKey(owner)} onChange={(e) => (setOwner(ownerFromKey(e.target.value)), setSelected(null), setPreview(null))}>
          <option value="project">the project</option>
          <optgroup label="Sprints">
            {directory.sprints.map((s) => (
              <option key={s.code} value={`sprint:${s.code}`}>
                {s.code} · {s.title}
              </option>
            ))}
          </optgroup>
          <optgroup label="Tasks">
            {directory.tasks.map((t) => (
              <option key={t.code} value={`task:${t.code}`}>
                {t.code} · {t.title}
              </option>
            ))}
          </optgroup>
        </select>
      </div>
      <div className="artifacts-layout">
        <div className="artifacts-side">
          <div
            className={`dropzone ${dragging ? 'dragging' : ''}`}
            onDragOver={(e) => (e.preventDefault(), setDragging(true))}
            onDragLeave={() => setDragging(false)}
            onDrop={onDrop}
          >
            <p>
              Drop files here to add them to {describe(owner)}, or{' '}
              <button type="button" className="link-button" onClick={() => picker.current?.click()}>
                choose files
              </button>
            </p>
            <input ref={picker} type="file" multiple className="visually-hidden" aria-label={`Upload files to ${describe(owner)}`} onChange={(e) => e.target.files && (upload(e.target.files), (e.target.value = ''))} />
          </div>
          <UploadList uploads={uploads} />
          {listError && <p className="error">{listError}</p>}
          {artifacts === null ? (
            <p className="muted">Loading…</p>
          ) : artifacts.length === 0 ? (
            <p className="muted">No files on {describe(owner)} yet.</p>
          ) : (
            <ul className="artifact-list" aria-label={`Files of ${describe(owner)}`} onKeyDown={onListKeyDown}>
              {artifacts.map((a) => (
                <li key={a.id}>
                  <button type="button" data-nav-item className={`artifact-item ${selected?.id === a.id ? 'selected' : ''}`} aria-pressed={selected?.id === a.id} onClick={() => void select(a)}>
                    <span className="artifact-name">{a.name}</span>
                    <span className="artifact-meta">
                      v{a.version} · {formatBytes(a.size)} · @{a.uploadedBy} · {relativeTime(a.createdAt)}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
        <section className="artifact-preview" aria-label="Preview">
          {!selected && <p className="muted preview-empty">Pick a file to preview it.</p>}
          {selected && (
            <>
              <header className="preview-header">
                <div>
                  <strong>{selected.name}</strong>
                  <span className="muted small">
                    {' '}
                    v{selected.version} · {selected.mediaType} · {formatBytes(selected.size)}
                  </span>
                </div>
                <button type="button" className="button small" onClick={() => void download(selected)}>
                  Download
                </button>
              </header>
              {downloadError && <p className="error">{downloadError}</p>}
              <LinkToTask key={selected.id} artifact={selected} owner={owner} />
              <code className="preview-uri">{selected.uri}</code>
              {preview === null && <p className="muted">No preview for this type; download it instead.</p>}
              {preview && 'error' in preview && <p className="error">{preview.error}</p>}
              {preview && 'text' in preview && (
                <div className="preview-body">
                  {isMarkdown(selected.mediaType, selected.name) ? <Markdown text={preview.text} className="preview-markdown" /> : <pre className="preview-text">{preview.text}</pre>}
                  {preview.truncated && <p className="muted small">Only the first 64 KiB are shown.</p>}
                </div>
              )}
            </>
          )}
        </section>
      </div>
    </Modal>
  );
}
