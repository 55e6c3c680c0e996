import DOMPurify from 'dompurify';
import { Marked, type TokenizerAndRendererExtension, type Tokens } from 'marked';
import { artifactLabel, leadingArtifactUri } from '../logic/artifact-refs.js';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** `sb://artifacts/...` in text becomes a link that opens the artifact in the app. */
const artifactLinks: TokenizerAndRendererExtension = {
  name: 'artifactLink',
  level: 'inline',
  start(src: string) {
    const at = src.indexOf('sb://');
    return at < 0 ? undefined : at;
  },
  tokenizer(src: string) {
    const uri = leadingArtifactUri(src);
    return uri ? { type: 'artifactLink', raw: uri, uri } : undefined;
  },
  renderer(token: Tokens.Generic) {
    const uri = String(token.uri);
    return `<a href="#" class="artifact-link" data-artifact="${escapeHtml(uri)}" title="${escapeHtml(uri)}">${escapeHtml(artifactLabel(uri))}</a>`;
  },
};

const marked = new Marked({ gfm: true, breaks: true, extensions: [artifactLinks] });

DOMPurify.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName === 'A' && node.getAttribute('href')?.match(/^https?:/)) {
    node.setAttribute('target', '_blank');
    node.setAttribute('rel', 'noopener noreferrer');
  }
});

/** Markdown to HTML that is safe to insert: scripts, handlers and foreign URL schemes are removed. */
export function renderMarkdown(text: string): string {
  const html = marked.parse(text, { async: false });
  return DOMPurify.sanitize(html, { ADD_ATTR: ['target'], FORBID_TAGS: ['style', 'form', 'input', 'button', 'iframe'] });
}
