import { describeQuotaRefusal, parseQuotaRefusal } from './quotaRefusal';

const CPU_FULL =
  'Error creating: pods "web-7d9f8b6c5-abcde" is forbidden: exceeded quota: team-a-staging, requested: limits.cpu=1,limits.memory=1Gi, used: limits.cpu=8,limits.memory=6Gi, limited: limits.cpu=8,limits.memory=16Gi';

describe('parseQuotaRefusal', () => {
  it('reads what was requested, used and allowed per resource', () => {
    expect(parseQuotaRefusal(CPU_FULL)).toEqual({
      quota: 'team-a-staging',
      resources: [
        { resource: 'limits.cpu', requested: '1', used: '8', limited: '8' },
        { resource: 'limits.memory', requested: '1Gi', used: '6Gi', limited: '16Gi' },
      ],
    });
  });

  it('is undefined for messages that are not quota refusals', () => {
    expect(parseQuotaRefusal('Error creating: pods "web-x" is forbidden: maximum cpu usage per Container is 2, but limit is 4')).toBeUndefined();
  });

  it('recognises a quota refusal it cannot read in detail', () => {
    expect(parseQuotaRefusal('pods "web-x" is forbidden: exceeded quota: q')).toEqual({ resources: [] });
  });
});

describe('describeQuotaRefusal', () => {
  it('names only the resources that do not fit, in plain words', () => {
    expect(describeQuotaRefusal(parseQuotaRefusal(CPU_FULL)!)).toBe('CPU limits: 8 of 8 in use, a new pod needs 1 more');
  });

  it('names every resource that does not fit', () => {
    const message = 'exceeded quota: q, requested: pods=1,requests.memory=512Mi, used: pods=20,requests.memory=8Gi, limited: pods=20,requests.memory=8Gi';
    expect(describeQuotaRefusal(parseQuotaRefusal(message)!)).toBe(
      'pods: 20 of 20 in use, a new pod needs 1 more; memory requests: 8Gi of 8Gi in use, a new pod needs 512Mi more',
    );
  });

  it('names all requested resources when it cannot tell which is full', () => {
    const message = 'exceeded quota: q, requested: count/jobs.batch=1, used: count/jobs.batch=x, limited: count/jobs.batch=y';
    expect(describeQuotaRefusal(parseQuotaRefusal(message)!)).toBe('count/jobs.batch: x of y in use, a new pod needs 1 more');
  });
});
