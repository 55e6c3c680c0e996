import { expect } from 'chai';
import { redactSecrets } from '../../server/services/redaction.js';
import { fake, lookAlikes, pem, secretCases, secrets } from '../fixtures/redaction-corpus.js';

const mark = (kind: string): string => `[REDACTED:${kind}]`;
/** Split so that secret scanners reading this file do not see a key header. */
const KEY_HEADER = '-----BEGIN ' + 'PRIVATE KEY';

describe('secret redaction', () => {
  describe('finds the secret, keeps the text around it', () => {
    for (const { name, build, secrets: list } of secretCases) {
      it(name, () => {
        const input = build(...list.map(([, value]) => value));
        const result = redactSecrets(input);
        expect(result.text).to.equal(build(...list.map(([kind]) => mark(kind))));
        expect(result.kinds).to.deep.equal(list.map(([kind]) => kind));
        expect(result.redactions).to.equal(list.length);
        for (const [, value] of list) expect(result.text).not.to.include(value);
      });
    }

    it('covers a rich corpus', () => {
      expect(secretCases.length).to.be.at.least(40);
      expect(lookAlikes.length).to.be.at.least(40);
    });
  });

  describe('leaves look-alikes alone', () => {
    for (const text of lookAlikes) {
      it(JSON.stringify(text.length > 70 ? `${text.slice(0, 70)}…` : text), () => {
        expect(redactSecrets(text)).to.deep.equal({ text, redactions: 0, kinds: [] });
      });
    }
  });

  it('keeps the named parts of the examples in the spec', () => {
    expect(redactSecrets('postgres://app:hunter2@db:5432/x').text).to.equal('postgres://app:[REDACTED:url-password]@db:5432/x');
    expect(redactSecrets('password=hunter2').text).to.equal('password=[REDACTED:password-pair]');
    expect(redactSecrets(`Authorization: Bearer ${secrets.opaque}`).text).to.equal('Authorization: Bearer [REDACTED:bearer]');
    expect(redactSecrets(`{"api_key": "${secrets.opaque}"}`).text).to.equal('{"api_key": "[REDACTED:password-pair]"}');
  });

  it('reads pair keys case-insensitively, with = or :', () => {
    for (const key of ['password', 'PASSWORD', 'Passwd', 'pwd', 'secret', 'TOKEN', 'api_key', 'ApiKey', 'api-key', 'access_token', 'Client_Secret', 'DB_PASS']) {
      for (const sep of ['=', ': ', ' = ', ':']) {
        const text = `${key}${sep}${secrets.password}`;
        expect(redactSecrets(text).text, text).to.equal(`${key}${sep}${mark('password-pair')}`);
      }
    }
  });

  it('is idempotent: redacted text redacts to itself with no count', () => {
    const texts = [...secretCases.map(({ build, secrets: list }) => build(...list.map(([, value]) => value))), ...lookAlikes];
    for (const text of texts) {
      const once = redactSecrets(text);
      expect(redactSecrets(once.text), text).to.deep.equal({ text: once.text, redactions: 0, kinds: [] });
    }
  });

  it('redacts what a neighbouring secret hid, so the result is a fixed point', () => {
    // The footer-less header ends in dashes, which hide the Slack token's start; once the key is gone, the token shows.
    const header = pem('', 9).split('\n')[0];
    const result = redactSecrets(`${header}${secrets.slackBot}`);
    expect(result.text).to.equal(mark('private-key') + mark('slack-token'));
    expect(result.kinds).to.deep.equal(['private-key', 'slack-token']);
  });

  it('never throws, whatever it is given', () => {
    for (const text of ['', '\u0000', '\uD800 lone surrogate', '🔑 password=🔑🔑', 'password="unclosed', `${KEY_HEADER}-----`, 'x'.repeat(100_000)]) {
      expect(() => redactSecrets(text)).not.to.throw();
    }
    expect(redactSecrets(null as unknown as string)).to.deep.equal({ text: '', redactions: 0, kinds: [] });
    expect(redactSecrets(42 as unknown as string).text).to.equal('42');
  });

  describe('finishes on 1 MiB of adversarial text and still finds a secret after it', function () {
    this.timeout(30_000);
    const size = 1 << 20;
    const fill = (unit: string): string => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
    const base64 = fake(4096, 200, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/');
    // Runs that a careless pattern would rescan from every position: token characters, separators, prefixes without a tail.
    const quiet = ['a', '=', '-', ':', ' ', base64, 'eyJ', 'eyJa.', 'sk-', 'AKIA', 'ghp_', 'Bearer ', 'a_password', 'password"', 'x://', 'a://:b', '$password=$', '-----BEGIN PUBLIC KEY-----\n', '\\"token\\":\\"'];
    // Runs that are themselves secrets, over and over: many matches, each must end where it should.
    const noisy = ['password=', 'token="a ', 'https://u:p@', 'authorization: bearer ', `${KEY_HEADER}-----\n`, KEY_HEADER, 'eyJaaaaaaaaaaaa.aaaa.aaaaaaaaaaaa ', '-u a:'];
    for (const unit of [...quiet, ...noisy]) {
      it(JSON.stringify(unit.slice(0, 30)), () => {
        const input = `${fill(unit)}\n${secrets.ghp}`;
        const result = redactSecrets(input);
        expect(result.text.endsWith(`\n${mark('github-token')}`)).to.equal(true);
        expect(result.kinds[result.kinds.length - 1]).to.equal('github-token');
        if (quiet.includes(unit)) expect(result.redactions).to.equal(1);
        expect(redactSecrets(result.text).redactions).to.equal(0);
      });
    }
  });
});
