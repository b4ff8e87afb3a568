import { kubeconformSchemaFile, kubeconformSchemas, OpenApiV2 } from './openApiSchemas';

const openapi: OpenApiV2 = {
  definitions: {
    'io.k8s.api.apps.v1.Deployment': {
      type: 'object',
      'x-kubernetes-group-version-kind': [{ group: 'apps', version: 'v1', kind: 'Deployment' }],
      properties: {
        apiVersion: { type: 'string' },
        kind: { type: 'string' },
        spec: { $ref: '#/definitions/io.k8s.api.apps.v1.DeploymentSpec' },
      },
    },
    'io.k8s.api.apps.v1.DeploymentSpec': {
      type: 'object',
      properties: {
        replicas: { type: 'integer', format: 'int32' },
        maxSurge: { $ref: '#/definitions/io.k8s.apimachinery.pkg.util.intstr.IntOrString' },
        memory: { $ref: '#/definitions/io.k8s.apimachinery.pkg.api.resource.Quantity' },
        labels: { type: 'object', additionalProperties: { type: 'string' } },
        schema: { $ref: '#/definitions/Props' },
      },
      'x-kubernetes-list-type': 'atomic',
    },
    Props: { type: 'object', properties: { items: { $ref: '#/definitions/Props' } } },
    'io.k8s.apimachinery.pkg.util.intstr.IntOrString': { type: 'string', format: 'int-or-string' },
    'io.k8s.apimachinery.pkg.api.resource.Quantity': { type: 'string' },
  },
};

describe('kubeconformSchemaFile', () => {
  it('names files as kubeconform looks them up', () => {
    expect(kubeconformSchemaFile('apps/v1', 'Deployment')).toBe('deployment-apps-v1.json');
    expect(kubeconformSchemaFile('v1', 'Service')).toBe('service-v1.json');
    expect(kubeconformSchemaFile('rbac.authorization.k8s.io/v1', 'ClusterRole')).toBe('clusterrole-rbac-v1.json');
    expect(kubeconformSchemaFile('admissionregistration.k8s.io/v1', 'ValidatingAdmissionPolicy')).toBe('validatingadmissionpolicy-admissionregistration-v1.json');
  });
});

describe('kubeconformSchemas', () => {
  it('inlines references, makes objects strict, and accepts numbers or strings where Kubernetes does', () => {
    const schema = kubeconformSchemas(openapi, [{ apiVersion: 'apps/v1', kind: 'Deployment' }]).get('deployment-apps-v1.json')!;
    expect(schema.additionalProperties).toBe(false);
    const spec = schema.properties.spec;
    expect(spec.additionalProperties).toBe(false);
    expect(spec['x-kubernetes-list-type']).toBeUndefined();
    expect(spec.properties.replicas).toEqual({ type: 'integer', format: 'int32' });
    expect(spec.properties.maxSurge).toEqual({ oneOf: [{ type: 'string' }, { type: 'integer' }] });
    expect(spec.properties.memory).toEqual({ oneOf: [{ type: 'string' }, { type: 'number' }] });
    expect(spec.properties.labels).toEqual({ type: 'object', additionalProperties: { type: 'string' } });
    // A recursive type stops at its second level instead of expanding forever.
    expect(spec.properties.schema.properties.items).toEqual({});
  });

  it('names a kind the API server does not serve', () => {
    expect(() => kubeconformSchemas(openapi, [{ apiVersion: 'apps/v2', kind: 'Deployment' }])).toThrow('the API server serves no Deployment in apps/v2; the chart renders one');
  });
});
