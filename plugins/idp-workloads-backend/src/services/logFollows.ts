import { Config } from '@backstage/config';
import { CustomErrorBase } from '@backstage/errors';

/** Bounds on live log follows: each holds an API-server stream open for as long as it runs. */
export interface LogFollowLimits {
  maxPerUser: number;
  maxTotal: number;
  maxDurationMs: number;
  /** A longer line is cut there, with a note; the partial line kept between chunks never grows past it. */
  maxLineBytes: number;
}

export const DEFAULT_LOG_FOLLOW_LIMITS: LogFollowLimits = { maxPerUser: 5, maxTotal: 200, maxDurationMs: 30 * 60_000, maxLineBytes: 16 * 1024 };

/** 429: too many follows at once; says how many and what to do. */
export class TooManyFollowsError extends CustomErrorBase {
  name = 'TooManyFollowsError' as const;
}

export function readLogFollowLimits(config: Config): LogFollowLimits {
  const follow = config.getOptionalConfig('slipway.workloads.logs.follow');
  const positive = (key: string, fallback: number) => {
    const value = follow?.getOptionalNumber(key);
    if (value === undefined) return fallback;
    if (!(value > 0) || !Number.isFinite(value)) throw new Error(`slipway.workloads.logs.follow.${key}: give a number above 0, got ${value}`);
    return value;
  };
  return {
    maxPerUser: positive('maxPerUser', DEFAULT_LOG_FOLLOW_LIMITS.maxPerUser),
    maxTotal: positive('maxTotal', DEFAULT_LOG_FOLLOW_LIMITS.maxTotal),
    maxDurationMs: positive('maxMinutes', DEFAULT_LOG_FOLLOW_LIMITS.maxDurationMs / 60_000) * 60_000,
    maxLineBytes: positive('maxLineBytes', DEFAULT_LOG_FOLLOW_LIMITS.maxLineBytes),
  };
}

/** Who follows what right now, in this process; a follow holds its place until it ends. */
export class LogFollows {
  private readonly byUser = new Map<string, number>();
  private total = 0;

  constructor(readonly limits: LogFollowLimits = DEFAULT_LOG_FOLLOW_LIMITS) {}

  /** Takes a place for `user`, or throws TooManyFollowsError; call the returned function once, when the follow ends. */
  acquire(user: string): () => void {
    const mine = this.byUser.get(user) ?? 0;
    if (mine >= this.limits.maxPerUser) {
      throw new TooManyFollowsError(`You follow ${mine} logs already (at most ${this.limits.maxPerUser}); stop following one, e.g. in another tab, and try again`);
    }
    if (this.total >= this.limits.maxTotal) {
      throw new TooManyFollowsError(`The portal follows ${this.total} logs now, its limit; try again in a minute, or read the last lines without following`);
    }
    this.byUser.set(user, mine + 1);
    this.total++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.total--;
      const left = (this.byUser.get(user) ?? 1) - 1;
      if (left > 0) this.byUser.set(user, left);
      else this.byUser.delete(user);
    };
  }

  get active(): number {
    return this.total;
  }
}

/**
 * Splits a stream's chunks into lines, keeping at most `maxLineBytes` of a line not yet ended; a
 * longer line is cut there and marked, and the rest of it is dropped up to its end.
 */
export class BoundedLineSplitter {
  private partial = '';
  private dropping = false;

  constructor(private readonly maxLineBytes: number) {}

  /** The complete lines in `chunk` (with what came before), each at most maxLineBytes long. */
  push(chunk: string): string[] {
    const lines: string[] = [];
    let text = chunk;
    for (;;) {
      const end = text.indexOf('\n');
      if (end < 0) break;
      const piece = text.slice(0, end);
      text = text.slice(end + 1);
      if (this.dropping) {
        this.dropping = false;
        continue;
      }
      lines.push(this.cut(this.partial + piece));
      this.partial = '';
    }
    if (!this.dropping) {
      this.partial += text;
      if (Buffer.byteLength(this.partial) > this.maxLineBytes) {
        lines.push(this.cut(this.partial));
        this.partial = '';
        this.dropping = true;
      }
    }
    return lines;
  }

  /** What is left when the stream ends. */
  flush(): string[] {
    const rest = this.partial;
    this.partial = '';
    return rest ? [this.cut(rest)] : [];
  }

  private cut(line: string): string {
    const bytes = Buffer.from(line);
    if (bytes.length <= this.maxLineBytes) return line;
    return `${bytes.subarray(0, this.maxLineBytes).toString('utf8').replace(/\uFFFD$/, '')} … [line cut at ${this.maxLineBytes} bytes]`;
  }
}
