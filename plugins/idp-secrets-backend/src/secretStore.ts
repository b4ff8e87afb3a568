import { Config } from '@backstage/config';

export const SECRET_STORES = ['kubernetes'] as const;
export type SecretStoreType = (typeof SECRET_STORES)[number];

export interface SecretStoreSettings {
  type: SecretStoreType;
  /** How an app spec points at a key of a secret. */
  referenceFormat: string;
}

export function readSecretStoreSettings(config: Config): SecretStoreSettings {
  const type = config.getOptionalString('slipway.secrets.store') ?? 'kubernetes';
  if (!(SECRET_STORES as readonly string[]).includes(type)) {
    throw new Error(`slipway.secrets.store: unknown store "${type}"; supported: ${SECRET_STORES.join(', ')}`);
  }
  return { type: type as SecretStoreType, referenceFormat: 'secret/<name>/<key>' };
}
