import { ConfigReader } from '@backstage/config';
import { BoundedLineSplitter, DEFAULT_LOG_FOLLOW_LIMITS, LogFollows, TooManyFollowsError, readLogFollowLimits } from './logFollows';

describe('log follow bounds', () => {
  it('gives each person a few follows and the portal a bounded number, and frees a place once', () => {
    const follows = new LogFollows({ ...DEFAULT_LOG_FOLLOW_LIMITS, maxPerUser: 2, maxTotal: 3 });
    const a1 = follows.acquire('user:default/alice');
    follows.acquire('user:default/alice');
    expect(() => follows.acquire('user:default/alice')).toThrow(new TooManyFollowsError('You follow 2 logs already (at most 2); stop following one, e.g. in another tab, and try again'));
    follows.acquire('user:default/bob');
    expect(() => follows.acquire('user:default/carol')).toThrow('The portal follows 3 logs now, its limit; try again in a minute, or read the last lines without following');
    a1();
    a1();
    expect(follows.active).toBe(2);
    expect(() => follows.acquire('user:default/carol')).not.toThrow();
  });

  it('cuts a long line at the limit, drops the rest of it, and never keeps more than the limit between chunks', () => {
    const lines = new BoundedLineSplitter(10);
    expect(lines.push('short\nabc')).toEqual(['short']);
    expect(lines.push('defghijklmnop')).toEqual(['abcdefghij … [line cut at 10 bytes]']);
    expect(lines.push('qrstuvwxyz')).toEqual([]);
    expect(lines.push('z\nnext\n')).toEqual(['next']);
    expect(lines.push('tail')).toEqual([]);
    expect(lines.flush()).toEqual(['tail']);
    expect(new BoundedLineSplitter(4).push('héllo\n')).toEqual(['hél … [line cut at 4 bytes]']);
    // Never half a character: é is two bytes.
    expect(new BoundedLineSplitter(2).push('héllo\n')).toEqual(['h … [line cut at 2 bytes]']);
  });

  it('reads its settings, naming a wrong key', () => {
    expect(readLogFollowLimits(new ConfigReader({}))).toEqual(DEFAULT_LOG_FOLLOW_LIMITS);
    expect(readLogFollowLimits(new ConfigReader({ slipway: { workloads: { logs: { follow: { maxMinutes: 2 } } } } })).maxDurationMs).toBe(120_000);
    expect(() => readLogFollowLimits(new ConfigReader({ slipway: { workloads: { logs: { follow: { maxPerUser: 0 } } } } }))).toThrow(
      'slipway.workloads.logs.follow.maxPerUser: give a number above 0, got 0',
    );
  });
});
