import { parseManifestsYaml } from './expertYaml';
import { evaluateGuardRails } from './guardRails';
import { renderApp, renderYaml } from './render';

const manifests = renderApp(
  { name: 'web', team: 'team-a', type: 'web', image: 'registry.example.com/team-a/web:1.0.0', port: 8080 },
  { team: 'team-a', environment: 'dev', environmentType: 'development' },
);

describe('parseManifestsYaml', () => {
  it('reads rendered YAML back unchanged', () => {
    expect(parseManifestsYaml(renderYaml(manifests))).toEqual({ success: true, manifests });
  });

  it('lets the guard rails judge an expert edit', () => {
    const edited = renderYaml(manifests).replace('web:1.0.0', 'web:latest').replace('runAsNonRoot: true', 'runAsNonRoot: false');
    const parsed = parseManifestsYaml(edited);
    if (!parsed.success) throw new Error('expected valid YAML');
    const result = evaluateGuardRails(parsed.manifests, { environmentType: 'development' });
    expect(result.violations.map(v => v.ruleId)).toEqual(['pod-security-restricted', 'image-tag-pinned']);
  });

  it('names the document and the fix', () => {
    expect(parseManifestsYaml('kind: Deployment\nmetadata: {}\n---\n- a\n')).toEqual({
      success: false,
      errors: [
        { field: 'documents[0].apiVersion', message: "Give the object's apiVersion, e.g. apps/v1" },
        { field: 'documents[0].metadata.name', message: 'Give the object a name under metadata.name' },
        { field: 'documents[1]', message: 'Each document must be one Kubernetes object with apiVersion, kind and metadata' },
      ],
    });
    expect(parseManifestsYaml('kind: [unclosed\n')).toEqual({ success: false, errors: [{ field: 'documents[0]', message: expect.stringMatching(/^Line \d+: .*; fix the YAML syntax$/) }] });
    expect(parseManifestsYaml('')).toEqual({ success: false, errors: [{ field: 'documents', message: 'Give at least one Kubernetes object' }] });
  });
});
