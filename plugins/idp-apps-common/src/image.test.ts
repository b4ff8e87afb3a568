import { imagePinProblem, isFromRegistry, parseImageReference } from './image';

const DIGEST = `sha256:${'a'.repeat(64)}`;

describe('parseImageReference', () => {
  it.each([
    ['registry.example.com/team-a/user-service:1.4.2', { registry: 'registry.example.com', repository: 'team-a/user-service', tag: '1.4.2' }],
    ['localhost:5000/app:1', { registry: 'localhost:5000', repository: 'app', tag: '1' }],
    ['localhost/app', { registry: 'localhost', repository: 'app' }],
    ['nginx:1.27', { registry: 'docker.io', repository: 'library/nginx', tag: '1.27' }],
    ['bitnami/redis', { registry: 'docker.io', repository: 'bitnami/redis' }],
    [`ghcr.io/org/app@${DIGEST}`, { registry: 'ghcr.io', repository: 'org/app', digest: DIGEST }],
    [`ghcr.io/org/app:2.0@${DIGEST}`, { registry: 'ghcr.io', repository: 'org/app', tag: '2.0', digest: DIGEST }],
  ])('splits %s', (reference, expected) => {
    expect(parseImageReference(reference)).toEqual(expected);
  });

  it.each(['', 'UPPER/case:1', 'app:', 'app@sha256:short', 'a b:1', 'registry.example.com/:1', 'app:1:2'])('rejects %p', reference => {
    expect(parseImageReference(reference)).toBeUndefined();
  });
});

describe('imagePinProblem', () => {
  it('accepts a version tag or a digest', () => {
    expect(imagePinProblem('registry.example.com/team-a/web:1.4.2')).toBeUndefined();
    expect(imagePinProblem(`registry.example.com/team-a/web@${DIGEST}`)).toBeUndefined();
    expect(imagePinProblem(`registry.example.com/team-a/web:latest@${DIGEST}`)).toBeUndefined();
  });

  it('names what is not pinned', () => {
    expect(imagePinProblem('registry.example.com/team-a/web')).toBe('untagged');
    expect(imagePinProblem('registry.example.com/team-a/web:latest')).toBe('latest');
    expect(imagePinProblem('not an image')).toBe('invalid');
  });
});

describe('isFromRegistry', () => {
  it('matches whole path segments of the registry prefix', () => {
    expect(isFromRegistry('registry.example.com/team-a/web:1', 'registry.example.com/')).toBe(true);
    expect(isFromRegistry('registry.example.com/team-a/web:1', 'registry.example.com')).toBe(true);
    expect(isFromRegistry('registry.example.com/team-a/web:1', 'registry.example.com/team-a/')).toBe(true);
    expect(isFromRegistry('registry.example.com/team-b/web:1', 'registry.example.com/team-a/')).toBe(false);
    expect(isFromRegistry('registry.example.com.evil.io/web:1', 'registry.example.com')).toBe(false);
    expect(isFromRegistry('registry.example.com/team-ab/web:1', 'registry.example.com/team-a')).toBe(false);
  });

  it("normalizes Docker Hub's implicit names", () => {
    expect(isFromRegistry('nginx:1.27', 'docker.io/library/')).toBe(true);
    expect(isFromRegistry('nginx:1.27', 'registry.example.com/')).toBe(false);
  });
});
