import { appSpecFromForm, compactFormValues } from './formValues';
import { parseAppSpec } from './appSpec';

describe('compactFormValues', () => {
  it('drops what untouched form sections leave behind, at any depth', () => {
    expect(compactFormValues({ a: '', b: {}, c: [], d: null, e: { f: '', g: {} }, h: [{}, { name: 'X', value: '' }], i: 0, j: false })).toEqual({
      h: [{ name: 'X' }],
      i: 0,
      j: false,
    });
  });
});

describe('appSpecFromForm', () => {
  it('takes only the spec fields, sets the type, and gives a valid spec for the simple-mode form', () => {
    const spec = appSpecFromForm(
      { name: 'user-service', team: 'team-a', environment: 'dev', image: 'registry.example.com/team-a/user-service:1.4.2', port: 8080, resources: {}, autoscaling: {}, preview: 'x' },
      'web',
    );
    expect(spec).toEqual({ name: 'user-service', team: 'team-a', type: 'web', image: 'registry.example.com/team-a/user-service:1.4.2', port: 8080 });
    expect(parseAppSpec(spec).success).toBe(true);
  });

  it('keeps advanced sections the developer filled', () => {
    const spec = appSpecFromForm({ name: 'w', team: 'team-a', image: 'registry.example.com/team-a/w:1', resources: { preset: 'large' }, replicas: 2 }, 'worker');
    expect(spec).toMatchObject({ resources: { preset: 'large' }, replicas: 2, type: 'worker' });
  });
});
