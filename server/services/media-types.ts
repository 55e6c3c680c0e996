/** Media types by file extension, for uploads that declare none (or only octet-stream). */
const BY_EXTENSION: Record<string, string> = {
  md: 'text/markdown',
  markdown: 'text/markdown',
  txt: 'text/plain',
  log: 'text/plain',
  csv: 'text/csv',
  html: 'text/html',
  css: 'text/css',
  js: 'text/javascript',
  ts: 'text/plain',
  json: 'application/json',
  yaml: 'application/yaml',
  yml: 'application/yaml',
  xml: 'application/xml',
  svg: 'image/svg+xml',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  pdf: 'application/pdf',
  zip: 'application/zip',
  gz: 'application/gzip',
};

const GENERIC = 'application/octet-stream';

export function mediaTypeFor(name: string, declared?: string | null): string {
  const clean = declared?.split(';')[0]?.trim().toLowerCase();
  if (clean && clean !== GENERIC && /^[a-z0-9.+-]+\/[a-z0-9.+-]+$/.test(clean)) return clean;
  const ext = /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase();
  return (ext && BY_EXTENSION[ext]) || GENERIC;
}

/** Whether a preview may show the bytes as text. */
export function isTextual(mediaType: string): boolean {
  return mediaType.startsWith('text/') || ['application/json', 'application/yaml', 'application/xml', 'image/svg+xml'].includes(mediaType);
}
