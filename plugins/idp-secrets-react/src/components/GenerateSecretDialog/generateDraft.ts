import { GenerateSecretRequest, KeyPairAlgorithm, PasswordAlphabet, generateSecretRequestSchema, secretNameSchema } from '@internal/plugin-idp-secrets-common';

/** The generate form as typed: numbers stay text until checked. */
export interface GenerateDraft {
  name: string;
  kind: 'password' | 'token' | 'key-pair';
  length: string;
  alphabet: PasswordAlphabet;
  bytes: string;
  encoding: 'base64url' | 'hex';
  algorithm: KeyPairAlgorithm;
  key: string;
  rotate: boolean;
  everyDays: string;
  graceHours: string;
}

export const INITIAL_GENERATE_DRAFT: GenerateDraft = {
  name: '',
  kind: 'password',
  length: '32',
  alphabet: 'letters-digits-symbols',
  bytes: '32',
  encoding: 'base64url',
  algorithm: 'ed25519',
  key: '',
  rotate: false,
  everyDays: '30',
  graceHours: '24',
};

// An empty number field is no number at all (not 0), so the schema says to give one.
const number = (text: string) => (text.trim() === '' ? NaN : Number(text));

/** The body of `POST …/generate` for a draft; an empty key means the generator's default. */
export function generateRequestOf(draft: GenerateDraft): GenerateSecretRequest {
  let generator: GenerateSecretRequest['generator'];
  if (draft.kind === 'password') generator = { kind: 'password', length: number(draft.length), alphabet: draft.alphabet };
  else if (draft.kind === 'token') generator = { kind: 'token', bytes: number(draft.bytes), encoding: draft.encoding };
  else generator = { kind: 'key-pair', algorithm: draft.algorithm };
  return {
    generator,
    ...(draft.kind !== 'key-pair' && draft.key ? { key: draft.key } : {}),
    ...(draft.rotate ? { rotation: { everyDays: number(draft.everyDays), graceHours: number(draft.graceHours) } } : {}),
  };
}

/** The fields the form shows a problem at; any other problem is about the request as a whole (`form`). */
const FORM_FIELDS = ['generator.length', 'generator.bytes', 'key', 'rotation.everyDays', 'rotation.graceHours'];

/** Problems by field (`name`, `generator.length`, `key`, `rotation.everyDays`…), from the schemas the backend parses with. */
export function generateProblems(draft: GenerateDraft, existingNames: string[]): Record<string, string> {
  const problems: Record<string, string> = {};
  if (draft.name) {
    const name = secretNameSchema.safeParse(draft.name);
    if (!name.success) problems.name = name.error.issues[0].message;
    else if (existingNames.includes(draft.name)) problems.name = `${draft.name} already exists: generate into a new secret, or rotate ${draft.name}`;
  }
  const parsed = generateSecretRequestSchema.safeParse(generateRequestOf(draft));
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.join('.');
      const field = FORM_FIELDS.includes(path) ? path : 'form';
      problems[field] = problems[field] ?? issue.message;
    }
  }
  return problems;
}
