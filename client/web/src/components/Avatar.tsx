import { hueOf, initials } from '../logic/format.js';

/** Initials on a color that stays the same for a name (dark enough for white text at any hue); agents get a rounded square, people a circle. */
export function Avatar({ name, kind, size = 36 }: { name: string; kind: string; size?: number }) {
  const hue = hueOf(name);
  const style = { width: size, height: size, fontSize: size * 0.38, background: `hsl(${hue} 55% 30%)` };
  if (kind === 'system') {
    return (
      <span className="avatar avatar-system" style={style} aria-hidden="true">
        ⌘
      </span>
    );
  }
  return (
    <span className={`avatar ${kind === 'agent' ? 'avatar-agent' : ''}`} style={style} aria-hidden="true">
      {initials(name)}
    </span>
  );
}
