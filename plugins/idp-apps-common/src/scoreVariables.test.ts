import { convertScoreVariables } from './scoreVariables';

const context = { appName: 'shop', resources: ['db'], path: 'containers.main.variables' };

describe('convertScoreVariables', () => {
  it('maps plain values, the app name, whole resource outputs and escapes', () => {
    const result = convertScoreVariables({ A: 'x', N: 3, NAME: '${metadata.name}-api', DB: '${resources.db.url}', RAW: '$${HOME}' }, context);
    expect(result.errors).toEqual([]);
    expect(result.variables).toEqual([
      { name: 'A', value: 'x' },
      { name: 'N', value: '3' },
      { name: 'NAME', value: 'shop-api' },
      { name: 'DB', valueFrom: 'secret/db/url' },
      { name: 'RAW', value: '${HOME}' },
    ]);
    expect([...result.usedResources]).toEqual(['db']);
  });

  it('rejects what it cannot pass on, at the variable', () => {
    const result = convertScoreVariables({ LIST: ['a'], PART: 'x-${resources.db.host}', OTHER: '${env.HOME}', MISSING: '${resources.cache.url}' }, context);
    expect(result.errors).toEqual([
      { field: 'containers.main.variables.LIST', message: 'Give the value as text, e.g. "info"' },
      { field: 'containers.main.variables.PART', message: expect.stringMatching(/only part of the value/) },
      { field: 'containers.main.variables.OTHER', message: expect.stringMatching(/not a placeholder Slipway knows/) },
      { field: 'containers.main.variables.MISSING', message: expect.stringMatching(/resource cache, which is not declared/) },
    ]);
  });
});
