import type { HelpShape } from '../../logic/result-shapes.js';

/** /help: every command with its usage, or one command with its options. */
export function HelpResult({ data }: { data: HelpShape }) {
  if ('commands' in data) {
    return (
      <div className="card result-card help">
        <div className="result-title">Commands you may run</div>
        <dl className="help-list">
          {data.commands.map((c) => (
            <div key={c.name} className="help-item">
              <dt>
                <code>{c.usage}</code>
              </dt>
              <dd>{c.summary}</dd>
            </div>
          ))}
        </dl>
      </div>
    );
  }
  const c = data.command;
  return (
    <div className="card result-card help">
      <code className="help-usage">{c.usage}</code>
      <p>{c.summary}</p>
      {c.aliases.length > 0 && <p className="muted">Also: {c.aliases.map((a) => `/${a}`).join(', ')}</p>}
      <dl className="help-list">
        {c.options.map((o) => (
          <div key={o.name} className="help-item">
            <dt>
              <code>{o.positional ? `<${o.name}>` : `--${o.name}`}</code>
            </dt>
            <dd>{o.description}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
