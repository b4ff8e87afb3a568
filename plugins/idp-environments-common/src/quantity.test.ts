import { cpuMillicores, formatCpu, formatMemory, isQuantity, memoryBytes, parseQuantity, QuantityError } from './quantity';

describe('cpuMillicores', () => {
  it.each([
    ['250m', 250],
    ['1', 1000],
    ['1.5', 1500],
    ['0.1', 100],
    ['100m', 100],
    ['2', 2000],
    ['500000u', 500],
    ['1e-1', 100],
    ['1k', 1_000_000],
    ['0.0001', 1], // below 1m is rounded up, as the API server does
  ])('%s is %d millicores', (quantity, millicores) => {
    expect(cpuMillicores(quantity)).toBe(millicores);
  });

  it('accepts a number of cores', () => {
    expect(cpuMillicores(2)).toBe(2000);
  });
});

describe('memoryBytes', () => {
  it.each([
    ['128Mi', 128 * 2 ** 20],
    ['512Mi', 512 * 2 ** 20],
    ['1Gi', 2 ** 30],
    ['1.5Gi', 1.5 * 2 ** 30],
    ['64Ki', 64 * 1024],
    ['1G', 1e9],
    ['1M', 1e6],
    ['1000', 1000],
    ['2Ti', 2 * 2 ** 40],
    ['0', 0],
    ['999999999999999', 999999999999999],
    // From 1e15 on, 15 significant digits are kept, as before whole numbers skipped the trimming.
    ['1234567890123456', 1234567890123460],
    ['2Pi', 2251799813685250],
  ])('%s is %d bytes', (quantity, bytes) => {
    expect(memoryBytes(quantity)).toBe(bytes);
  });
});

describe('parseQuantity', () => {
  it.each(['', 'abc', '1 Gi', '1GB', '-1', '1.2.3', 'm', '1mi', '1Kb', 'Gi'])('rejects %p with the fix', quantity => {
    expect(() => parseQuantity(quantity)).toThrow(QuantityError);
    expect(() => parseQuantity(quantity)).toThrow(/write e\.g\. 250m or 1 for CPU, 512Mi or 1Gi for memory/);
  });

  it('rejects negative and non-finite numbers', () => {
    expect(() => parseQuantity(-1)).toThrow(QuantityError);
    expect(() => parseQuantity(Number.NaN)).toThrow(QuantityError);
  });

  it('tells quantities from the rest', () => {
    expect(isQuantity('250m')).toBe(true);
    expect(isQuantity(3)).toBe(true);
    expect(isQuantity('lots')).toBe(false);
    expect(isQuantity(undefined)).toBe(false);
  });
});

describe('arithmetic round trips', () => {
  it('adds requests of replicas and formats them back', () => {
    expect(formatCpu(3 * cpuMillicores('250m'))).toBe('750m');
    expect(formatCpu(4 * cpuMillicores('250m'))).toBe('1');
    expect(formatMemory(3 * memoryBytes('512Mi'))).toBe('1536Mi');
    expect(formatMemory(2 * memoryBytes('512Mi'))).toBe('1Gi');
    expect(formatMemory(1000)).toBe('1000');
    expect(formatMemory(0)).toBe('0');
  });
});
