import { ResponseError } from '@backstage/errors';
import { age, formatBytes, formatLatency, formatMillicores, formatPercent, formatRequestRate } from './format';
import { errorMessage, fieldMessage } from './errors';

describe('format', () => {
  it('writes ages as kubectl does', () => {
    const now = Date.parse('2025-03-01T12:00:00Z');
    expect(age('2025-03-01T11:59:15Z', now)).toBe('45s');
    expect(age('2025-03-01T11:48:00Z', now)).toBe('12m');
    expect(age('2025-03-01T09:00:00Z', now)).toBe('3h');
    expect(age('2025-02-27T12:00:00Z', now)).toBe('2d');
    expect(age(undefined, now)).toBe('—');
  });

  it('writes CPU and memory for people', () => {
    expect(formatMillicores(250)).toBe('250m');
    expect(formatMillicores(1000)).toBe('1 core');
    expect(formatMillicores(1500)).toBe('1.5 cores');
    expect(formatBytes(96 * 1024 * 1024)).toBe('96 MiB');
    expect(formatBytes(1.5 * 1024 ** 3)).toBe('1.5 GiB');
    expect(formatBytes(512)).toBe('512 B');
  });
});

describe('request metrics format', () => {
  it('writes rates, shares and latencies for people', () => {
    expect(formatRequestRate(40.04)).toBe('40 req/s');
    expect(formatRequestRate(0.25)).toBe('0.25 req/s');
    expect(formatRequestRate(0)).toBe('0 req/s');
    expect(formatPercent(5.0001)).toBe('5%');
    expect(formatPercent(0.1234)).toBe('0.12%');
    expect(formatPercent(42.4)).toBe('42%');
    expect(formatLatency(225.2)).toBe('225 ms');
    expect(formatLatency(1500)).toBe('1.5 s');
  });
});

describe('errors', () => {
  it('reads the message of a Backstage JSON error', async () => {
    const response = new Response(JSON.stringify({ error: { name: 'InputError', message: 'replicas: too many' }, response: { statusCode: 400 } }), {
      status: 400,
      headers: { 'content-type': 'application/json' },
    });
    const error = await ResponseError.fromResponse(response as any);
    expect(errorMessage(error)).toBe('replicas: too many');
    expect(fieldMessage(errorMessage(error), 'replicas')).toBe('too many');
    expect(errorMessage(new Error('offline'))).toBe('offline');
  });
});
