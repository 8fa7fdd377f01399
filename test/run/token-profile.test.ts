/** Replay tokens record the profile a run was checked against; tokens from before profiles still replay. */
import { describe, expect, it } from 'vitest';
import { ByteWriter, fnv1a } from '../../run/bytes.ts';
import { defaultConfig } from '../../run/run-config.ts';
import { decodeToken, encodeToken, resolveToken } from '../../run/token.ts';
import { scenarioNamed } from '../../scenarios/registry.ts';

const choices = { kinds: ['t', 'v'], values: [1, 0] };
const outcome = { property: null, steps: 12 };

describe('replay tokens and profiles', () => {
  it('the default profile is the implementation’s own; any profile round-trips', () => {
    expect(defaultConfig(scenarioNamed('pair2'), 'v4.1').profile).toBe('v4.1');
    expect(defaultConfig(scenarioNamed('pair2'), 'v4.1+zero-min-fix').profile).toBe('v6.17');
    for (const profile of ['contract', 'v4.1', 'v6.17'] as const) {
      const config = defaultConfig(scenarioNamed('zero-min'), 'v4.1', profile);
      const back = resolveToken(decodeToken(encodeToken({ config, choices, outcome })));
      expect(back.config.profile).toBe(profile);
    }
  });

  it('a version-1 token (no profile) replays under the implementation’s default profile', () => {
    // Version 2 writes the profile right after the implementation name: drop it and say version 1.
    const impl = 'v4.1+zero-min-fix';
    const v2 = Buffer.from(encodeToken({ config: defaultConfig(scenarioNamed('pair2'), impl, 'contract'), choices, outcome }).slice('mc1.'.length), 'base64url');
    const body = v2.subarray(0, v2.length - 4);
    // version, flags, impl (a one-byte length and its text), then the profile (likewise).
    const profileAt = 2 + 1 + impl.length;
    expect(body.subarray(profileAt + 1, profileAt + 1 + 'contract'.length).toString()).toBe('contract');
    const old = Buffer.concat([Buffer.from([1]), body.subarray(1, profileAt), body.subarray(profileAt + 1 + 'contract'.length)]);
    const w = new ByteWriter();
    w.append(new Uint8Array(old));
    w.u32(fnv1a(new Uint8Array(old)));
    const v1 = `mc1.${Buffer.from(w.done()).toString('base64url')}`;
    const decoded = decodeToken(v1);
    expect(decoded.profile).toBeNull();
    expect(resolveToken(decoded).config.profile).toBe('v6.17');
  });
});
