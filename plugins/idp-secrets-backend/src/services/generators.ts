import { generateKeyPairSync, randomBytes, randomInt } from 'node:crypto';
import { PasswordAlphabet, SecretGenerator, generatedKeys } from '@internal/plugin-idp-secrets-common';

const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const DIGITS = '0123456789';
// No quotes, backslash or space: the value survives shells, URLs' userinfo and YAML without escaping.
const SYMBOLS = '!#$%&()*+,-.:;<=>?@[]^_{|}~';

export const ALPHABETS: Record<PasswordAlphabet, string> = {
  'letters-digits': LETTERS + DIGITS,
  'letters-digits-symbols': LETTERS + DIGITS + SYMBOLS,
  hex: '0123456789abcdef',
};

/** A password with every character drawn uniformly (crypto.randomInt, no modulo bias). */
export function generatePassword(length: number, alphabet: PasswordAlphabet): string {
  const characters = ALPHABETS[alphabet];
  let password = '';
  for (let i = 0; i < length; i++) password += characters[randomInt(characters.length)];
  return password;
}

/** New values for every key a generator writes; they go to the store and nowhere else. */
export function generateValues(generator: SecretGenerator, key?: string): Record<string, string> {
  const [first] = generatedKeys(generator, key);
  switch (generator.kind) {
    case 'password':
      return { [first]: generatePassword(generator.length, generator.alphabet) };
    case 'token':
      return { [first]: randomBytes(generator.bytes).toString(generator.encoding) };
    case 'key-pair': {
      const pair =
        generator.algorithm === 'ed25519'
          ? generateKeyPairSync('ed25519', { privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } })
          : generateKeyPairSync('rsa', {
              modulusLength: generator.algorithm === 'rsa-4096' ? 4096 : 2048,
              privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
              publicKeyEncoding: { type: 'spki', format: 'pem' },
            });
      return { 'private-key.pem': pair.privateKey, 'public-key.pem': pair.publicKey };
    }
    default:
      throw new TypeError(`Unknown generator ${(generator as { kind: string }).kind}`);
  }
}
