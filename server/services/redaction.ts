/**
 * Secret redaction: the postmaster runs every parcel through `redactSecrets` before it is stored
 * or broadcast. A rule is one regex; its named group `s` (or the whole match) is the secret and
 * the rest of the match is context that stays, so `password=` or `Authorization: Bearer ` remain.
 *
 * Every pattern is written to run in linear time on hostile input: it starts with a literal or a
 * look-behind boundary (so a 1 MiB run of token characters offers one start, not a million), and no
 * quantified part can split the same text two ways. Rules that look at the context (placeholders,
 * code, prose) do so in `skip`, in plain code, after the match.
 */

export interface Redaction {
  text: string;
  redactions: number;
  kinds: string[];
}

interface Rule {
  kind: string;
  /** Flags include `g` and `d` (match indices, to find group `s`). */
  re: RegExp;
  /** True when the match is not a secret after all (a placeholder, code, prose). */
  skip?: (m: RegExpExecArray, text: string) => boolean;
}

/** Random tokens mix letters and digits; words and kebab-case names ("sk-learn-wrapper") do not. */
const looksRandom = (s: string): boolean => /\d/.test(s) && /[a-z]/i.test(s);

/** Stand-ins for a secret: $VAR, ${VAR}, %VAR%, <your token>, {{ .x }}, ***, xxxx, YOUR_KEY, DB_PASSWORD, our own marks. */
const isPlaceholder = (v: string): boolean =>
  !/[a-z0-9]/i.test(v) || /^(?:\$|%\w+%|<|\{\{|\[REDACTED:|your[\W_])/i.test(v) || /^x{3,}$/i.test(v) || /^[A-Z]+(?:_[A-Z]+)+$/.test(v);

/** Values that say something about a secret without being one: `password: null`, `token: string` (a type), `secret: true`. */
const NOT_A_VALUE = /^(?:null|none|nil|undefined|true|false|string|str|number|int|bool|boolean|required|optional)$/i;

/** Words that start an expression, not a value: `const token = await getToken()`. */
const CODE_WORD = /^(?:await|new|yield|typeof|async|function|lambda|require|import)$/;

/** The group a rule's secret is in, or the whole match. */
const valueOf = (m: RegExpExecArray): string => m.groups?.s ?? m[0];
const skipPlaceholder = (m: RegExpExecArray): boolean => isPlaceholder(valueOf(m));

/** The last word of a key name must be one of these for `key=value` to count (so `api_key_name` does not). `pass` alone is too common ("tests pass: 42"), `_pass` is not. */
const KEY_WORD = String.raw`pass(?:word|wd|phrase)|pwd|[_.-]pass|secret|token|(?:api|access|account|secret|private|signing|encryption|master)[_.-]?key`;
/** Unquoted values stop at what ends a value in shells, query strings, connection strings and code; they do not start with `=` (`==`), `:` (`::`) or a bracket (`[REDACTED:…]`, `${…}`, JSX). */
const BARE = String.raw`[^\s"'\x60&;,<>()[\]{}|\\=:][^\s"'\x60&;,<>()[\]{}|\\]*`;

/** `key=value`, `key: value`, `"key": "value"`, `key := "v"`, `'key' => 'v'`, `{\"key\":\"v\"}` (JSON inside a string). */
function skipPair(m: RegExpExecArray, text: string): boolean {
  const g = m.groups ?? {};
  const key = g.key ?? '';
  const sep = g.sep ?? '';
  const value = g.dq ?? g.sq ?? g.ev ?? g.bare ?? '';
  if (value === '' || isPlaceholder(value) || NOT_A_VALUE.test(value)) return true;
  if (/pwd$/i.test(key) && /^[/~]/.test(value)) return true; // PWD=/home/me is the working directory, not a password
  if (g.bare === undefined) return false; // a quoted literal is a literal
  const end = m.index + m[0].length;
  const next = text.charAt(end);
  const op = sep.trim();
  // Code, not configuration: a lambda or hash rocket, a call or an index, a member path.
  if (op === '=>' || next === '(' || next === '[' || CODE_WORD.test(value)) return true;
  if (/^[a-z_$]+(?:\.[a-z_$]+)+$/i.test(value)) return true; // req.body.password, process.env.TOKEN
  // `this.token = token;`, `{ password: password, … }`: a spaced assignment of a plain identifier.
  if (/[ \t]/.test(sep) && /^[a-z_$]+$/i.test(value) && (/[;,)]/.test(next) || value === key.split('.').pop())) return true;
  // Prose: "password: see the vault" (a word after a colon, more words after it). "password: hunter2" is not prose.
  if (op === ':' && /^[a-z]+$/i.test(value)) {
    const more = /[ \t]+[a-z]/iy;
    more.lastIndex = end;
    if (more.test(text)) return true;
  }
  return false;
}

/** A line break, real or JSON-escaped, and a line break with the blanks around it. */
const NL = String.raw`(?:\r?\n|(?:\\r)?\\n)`;
const EOL = String.raw`[ \t]*${NL}[ \t]*`;

const rule = (kind: string, source: string, flags = '', skip?: Rule['skip']): Rule => ({ kind, re: new RegExp(source, `gd${flags}`), skip });

/** In priority order: where two rules find a secret at the same place, the earlier (more specific) one names it. */
const RULES: Rule[] = [
  // The whole PEM block: header, RFC 1421 headers (Proc-Type: …) and their blank line, base64 lines, footer. Lines may end in
  // real or JSON-escaped (a backslash and n) new lines, or be joined by spaces (chat clients do that). Without a footer (a truncated paste)
  // the header and the base64 lines right after it are still taken; a blank line ends them.
  rule(
    'private-key',
    String.raw`-----BEGIN (?<label>(?:[A-Z0-9]+ ){0,3})PRIVATE KEY(?: BLOCK)?-----(?:(?:${EOL}[A-Za-z][A-Za-z0-9-]*:[^\r\n\\"]*)+${NL}?)?(?:(?:[ \t]+|${EOL})[A-Za-z0-9+/=]+)*(?:(?:\s|\\[rn])*-----END \k<label>PRIVATE KEY(?: BLOCK)?-----)?`,
  ),
  // AWS access key ids: AKIA (long-term) or ASIA (temporary) and 16 upper-case base32 characters.
  rule('aws-access-key', String.raw`(?<![A-Za-z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Za-z0-9])`),
  // AWS secret keys are 40 base64 characters with nothing to recognise them by but their label.
  rule(
    'aws-secret-key',
    String.raw`(?<![a-z0-9])(?:aws_?secret_?(?:access_?)?key|secret_?access_?key)["']?[ \t]*[:=][ \t]*["']?(?<s>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])`,
    'i',
  ),
  // GitHub: classic (ghp_ and the OAuth, user, server, refresh kinds) and fine-grained (github_pat_).
  rule('github-token', String.raw`(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})(?![A-Za-z0-9_])`),
  rule('gitlab-token', String.raw`(?<![A-Za-z0-9_-])gl(?:pat|dt|rt|ptt|ft|soat)-[A-Za-z0-9_-]{20,}`),
  rule('slack-token', String.raw`(?<![A-Za-z0-9_-])(?:xox[abposr]|xapp)-[A-Za-z0-9-]{10,}`),
  // The path of an incoming webhook is its credential; the host says what it was.
  rule('slack-webhook', String.raw`hooks\.slack\.com/(?:services|workflows|triggers)/(?<s>[A-Za-z0-9_/-]{16,})`),
  rule('stripe-key', String.raw`(?<![A-Za-z0-9_])(?:(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{10,}|whsec_[A-Za-z0-9]{20,})`),
  // Anthropic before OpenAI: both start with sk-. "risk-free" and "desk-top" have a letter before sk-; kebab-case words have no digits.
  rule('anthropic-key', String.raw`(?<![A-Za-z0-9_-])sk-ant-[A-Za-z0-9_-]{20,}`),
  rule('openai-key', String.raw`(?<![A-Za-z0-9_-])sk-[A-Za-z0-9_-]{20,}`, '', (m) => !looksRandom(m[0].slice(3))),
  rule('google-api-key', String.raw`(?<![A-Za-z0-9_-])AIza[A-Za-z0-9_-]{35}(?![A-Za-z0-9_-])`),
  rule('npm-token', String.raw`(?<![A-Za-z0-9_])npm_[A-Za-z0-9]{36}(?![A-Za-z0-9])`),
  rule('sendgrid-key', String.raw`(?<![A-Za-z0-9_-])SG\.[A-Za-z0-9_-]{16,32}\.[A-Za-z0-9_-]{16,64}(?![A-Za-z0-9_-])`),
  // Twilio API key SIDs: SK and 32 lower-case hex (a bare hex digest has no SK in front).
  rule('twilio-key', String.raw`(?<![A-Za-z0-9])SK[0-9a-f]{32}(?![A-Za-z0-9])`),
  // Ours (server/services/tokens.ts): sbt_ and 32 base64url characters; 20+ leaves room for other lengths.
  rule('switchboard-token', String.raw`(?<![A-Za-z0-9_-])sbt_[A-Za-z0-9_-]{20,}`),
  // JWTs: a JSON header (so base64url "eyJ"), a payload, a signature. Unsigned tokens (empty signature) are not credentials.
  rule('jwt', String.raw`(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{10,}`),
  // An Authorization header says its value is a credential, whatever it looks like.
  rule(
    'bearer',
    String.raw`(?<![\w-])(?:proxy-)?authorization["']?[ \t]*[:=][ \t]*["']?bearer[ \t]+(?<s>[A-Za-z0-9._~+/-]+=*)`,
    'i',
    skipPlaceholder,
  ),
  rule(
    'basic-auth',
    String.raw`(?<![\w-])(?:proxy-)?authorization["']?[ \t]*[:=][ \t]*["']?basic[ \t]+(?<s>[A-Za-z0-9+/]+=*)`,
    'i',
    skipPlaceholder,
  ),
  // "Bearer xyz" anywhere else needs a token-like value: 16+ characters mixing letters and digits, not ending in a full stop.
  rule('bearer', String.raw`(?<![\w-])bearer[ \t]+(?<s>[A-Za-z0-9._~+/-]*[A-Za-z0-9_~+/-]=*)`, 'i', (m) => {
    const v = valueOf(m);
    return v.length < 16 || !looksRandom(v);
  }),
  // curl -u user:pass / --user user:pass; `docker run -u 1000:1000` is a uid and gid.
  rule('basic-auth', String.raw`(?<![\w-])(?:-u|--user)[ \t]+["']?[^\s:"'$<[\]]+:(?<s>[^\s"']+)`, '', (m) => skipPlaceholder(m) || /^\d+$/.test(valueOf(m))),
  // scheme://user:password@host. The password runs to the last @ of the authority (unencoded @ happens), never past / ? # or a space.
  rule(
    'url-password',
    String.raw`(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]{1,30}://[^\s:@/?#"'<>[\]]*:(?<s>[^\s/?#"'<>[\]]+)@`,
    '',
    skipPlaceholder,
  ),
  rule(
    'password-pair',
    String.raw`(?<![\w.$-])(?<key>[\w.$-]*?(?:${KEY_WORD}))(?:\\?["'])?(?<sep>[ \t]*(?::=|=>|[:=])[ \t]*)(?:"(?<dq>(?:[^"\\\r\n]|\\.)*)"|'(?<sq>(?:[^'\\\r\n]|\\.)*)'|\\"(?<ev>[^"\\\r\n]*)\\"|(?<bare>${BARE}))`,
    'i',
    skipPair,
  ),
  // Command-line flags with the value after a space: --password hunter2, --api-key "…".
  rule(
    'password-pair',
    String.raw`(?<![\w-])--(?:[a-z0-9]+-)*(?:password|passwd|passphrase|secret|token|api-?key|access-token|client-secret)[ \t]+(?:"(?<dq>[^"\r\n]*)"|'(?<sq>[^'\r\n]*)'|(?<bare>[^\s"'<>$\-[{][^\s"'<>]*))`,
    'i',
    (m) => isPlaceholder(m.groups?.dq ?? m.groups?.sq ?? m.groups?.bare ?? ''),
  ),
];

interface Found {
  start: number;
  end: number;
  kind: string;
  rank: number;
}

/** The secret's span in a match: the group of the quoted or bare value, else group `s`, else the whole match. */
function spanOf(m: RegExpExecArray): [number, number] | undefined {
  const groups = m.indices?.groups;
  return groups?.dq ?? groups?.sq ?? groups?.ev ?? groups?.bare ?? groups?.s ?? m.indices?.[0];
}

function findAll(text: string): Found[] {
  const found: Found[] = [];
  RULES.forEach(({ kind, re, skip }, rank) => {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      if (m[0] === '') re.lastIndex++;
      const span = spanOf(m);
      if (span && span[1] > span[0] && !skip?.(m, text)) found.push({ start: span[0], end: span[1], kind, rank });
    }
  });
  return found;
}

/** One scan, left to right. Where secrets start at the same place the more specific rule wins and
 * says where it ends (a token's own shape knows better than `key=value`); one that starts inside a
 * kept secret and runs past it extends it, so no tail of a secret is left in the clear. */
function redactOnce(input: string): Redaction {
  const found = findAll(input).sort((a, b) => a.start - b.start || a.rank - b.rank || b.end - a.end);
  const kept: Found[] = [];
  for (const f of found) {
    const last = kept[kept.length - 1];
    if (!last || f.start >= last.end) kept.push({ ...f });
    else if (f.start > last.start) last.end = Math.max(last.end, f.end);
  }
  let out = '';
  let at = 0;
  for (const k of kept) {
    out += `${input.slice(at, k.start)}[REDACTED:${k.kind}]`;
    at = k.end;
  }
  return { text: out + input.slice(at), redactions: kept.length, kinds: kept.map((k) => k.kind) };
}

/** Replaces every secret in `text` by `[REDACTED:<kind>]`; counts them. Pure, no I/O. */
export function redactSecrets(text: string): Redaction {
  const result: Redaction = { text: typeof text === 'string' ? text : String(text ?? ''), redactions: 0, kinds: [] };
  try {
    // Scan again while a scan finds something: removing a secret can expose a token its neighbour
    // hid (`…-----xoxb-…` had no boundary before xoxb-). So the result is a fixed point, which is
    // what makes redaction idempotent; clean text (the usual case) is scanned once.
    for (let pass = 0; pass < 4; pass++) {
      const once = redactOnce(result.text);
      if (once.redactions === 0) break;
      result.text = once.text;
      result.redactions += once.redactions;
      result.kinds = result.kinds.concat(once.kinds);
    }
    return result;
  } catch {
    // Fail closed: a parcel we could not scan is not stored or broadcast as is.
    return { text: '[REDACTED:unscanned]', redactions: 1, kinds: ['unscanned'] };
  }
}
