import { describeClusterProgress, formatTimeLeft, parseClusterProgress } from './clusterProgress';

// What cluster/cluster.sh up writes on a first start: the binaries still to build, then the start.
const PLAN = [
  '1000 begin 4242',
  '1000 plan etcd:100 kube-apiserver:600 kwok:60 start:40',
].join('\n');

describe('parseClusterProgress', () => {
  it('is unknown without a run', () => {
    expect(parseClusterProgress('', 2000, true)).toEqual({ state: 'unknown' });
  });

  it('counts the whole plan before the first step', () => {
    expect(parseClusterProgress(PLAN, 1005, true)).toEqual({
      state: 'preparing', step: 1, steps: 4, activity: 'etcd', elapsedSeconds: 5, remainingSeconds: 800,
    });
  });

  it('estimates what is left of the current step plus the steps after it', () => {
    const text = `${PLAN}\n1000 step etcd\n1090 built etcd 90\n1090 step kube-apiserver\n`;
    // 450 s into kube-apiserver's 600: 150 left, then kwok 60 and the start 40.
    expect(parseClusterProgress(text, 1540, true)).toEqual({
      state: 'preparing', step: 2, steps: 4, activity: 'kube-apiserver', elapsedSeconds: 540, remainingSeconds: 250,
    });
  });

  it('never says a step past its estimate is done', () => {
    const text = `${PLAN}\n1000 step etcd\n`;
    expect(parseClusterProgress(text, 1500, true)).toMatchObject({ activity: 'etcd', remainingSeconds: 15 + 700 });
  });

  it('reports the start as the last step', () => {
    const text = `${PLAN}\n1000 step etcd\n1090 built etcd 90\n1090 step kube-apiserver\n1700 built kube-apiserver 610\n1700 step kwok\n1750 built kwok 50\n1750 step start\n`;
    expect(parseClusterProgress(text, 1760, true)).toMatchObject({ step: 4, steps: 4, activity: 'start', remainingSeconds: 30 });
  });

  it('is ready or failed as the run said, whatever its process does since', () => {
    expect(parseClusterProgress(`${PLAN}\n1000 step start\n1040 ready\n`, 5000, false)).toEqual({ state: 'ready' });
    expect(parseClusterProgress(`${PLAN}\n1000 step etcd\n1010 failed compiling etcd failed (see the Go errors above)\n`, 5000, false)).toEqual({
      state: 'failed',
      message: 'compiling etcd failed (see the Go errors above)',
    });
  });

  it('keeps the first failure of a run, the cause', () => {
    const text = `${PLAN}\n1000 step etcd\n1010 failed building the control plane: compiling etcd failed\n1010 failed building the control-plane binaries failed\n`;
    expect(parseClusterProgress(text, 1020, false)).toEqual({ state: 'failed', message: 'building the control plane: compiling etcd failed' });
  });

  it('says the run stopped when its process is gone before the end', () => {
    expect(parseClusterProgress(`${PLAN}\n1000 step etcd\n`, 1010, false)).toEqual({ state: 'stopped' });
  });

  it('follows the last run only', () => {
    const text = `${PLAN}\n1000 step etcd\n1010 failed out of disk\n2000 begin 5151\n2000 plan start:40\n2000 step start\n`;
    expect(parseClusterProgress(text, 2010, true)).toMatchObject({ state: 'preparing', step: 1, steps: 1, activity: 'start', remainingSeconds: 30 });
  });

  it('says what the build waits for, without counting the wait as a step', () => {
    expect(parseClusterProgress(`${PLAN}\n1000 wait another Go build on this machine\n`, 1300, true)).toEqual({
      state: 'preparing', step: 1, steps: 4, activity: 'etcd', elapsedSeconds: 300, remainingSeconds: 800, waitingFor: 'another Go build on this machine',
    });
    const between = `${PLAN}\n1000 step etcd\n1090 built etcd 90\n1090 wait another Go build on this machine\n`;
    expect(parseClusterProgress(between, 1200, true)).toMatchObject({ step: 2, activity: 'kube-apiserver', remainingSeconds: 700, waitingFor: 'another Go build on this machine' });
    expect(parseClusterProgress(`${between}1300 step kube-apiserver\n`, 1310, true)).not.toHaveProperty('waitingFor');
  });

  it('skips lines it cannot read (a half-written line, a newer event)', () => {
    const text = `${PLAN}\n1000 step etcd\n1001 checksum abc\n10`;
    expect(parseClusterProgress(text, 1010, true)).toMatchObject({ state: 'preparing', activity: 'etcd', remainingSeconds: 90 + 700 });
  });
});

describe('describeClusterProgress', () => {
  it('names the binary, the step and the time left', () => {
    expect(
      describeClusterProgress({ state: 'preparing', step: 2, steps: 6, activity: 'kube-apiserver', elapsedSeconds: 100, remainingSeconds: 540 }),
    ).toBe('The local cluster is being built: kube-apiserver (2 of 6), about 9 min left');
    expect(describeClusterProgress({ state: 'preparing', step: 6, steps: 6, activity: 'start', elapsedSeconds: 900, remainingSeconds: 30 })).toBe(
      'The local cluster is starting (6 of 6), under a minute left',
    );
  });

  it('says what the build is waiting for', () => {
    expect(
      describeClusterProgress({ state: 'preparing', step: 1, steps: 8, activity: 'etcd', elapsedSeconds: 100, remainingSeconds: 1500, waitingFor: 'another Go build on this machine' }),
    ).toBe("The local cluster's build is waiting for another Go build on this machine to finish; then etcd (1 of 8), about 25 min left once it starts");
  });

  it('says what to do when the cluster is not coming', () => {
    expect(describeClusterProgress({ state: 'failed', message: 'Go is not installed' })).toMatch(/Go is not installed.*run scripts\/dev\.sh again/);
    expect(describeClusterProgress({ state: 'stopped' })).toMatch(/Run scripts\/dev\.sh again/);
  });

  it('says nothing when there is nothing to wait for', () => {
    expect(describeClusterProgress({ state: 'ready' })).toBeUndefined();
    expect(describeClusterProgress({ state: 'unknown' })).toBeUndefined();
  });

  it('rounds time left to minutes', () => {
    expect(formatTimeLeft(59)).toBe('under a minute');
    expect(formatTimeLeft(89)).toBe('about 1 min');
    expect(formatTimeLeft(90)).toBe('about 2 min');
  });
});
