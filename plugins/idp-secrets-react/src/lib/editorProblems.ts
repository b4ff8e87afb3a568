import { WriteSecretRequest, secretKeySchema, secretNameSchema, writeSecretRequestSchema } from '@internal/plugin-idp-secrets-common';

/** One key the editor sets: a new key, or a new value for a key the secret has (`replacing`). */
export interface ValueRow {
  key: string;
  value: string;
  replacing: boolean;
}

/** What the editor holds: the name (creating only), the values to set, the keys to remove. */
export interface SecretDraft {
  creating: boolean;
  name: string;
  rows: ValueRow[];
  remove: string[];
  /** The keys the secret has now. */
  existingKeys: string[];
}

export interface DraftProblems {
  name?: string;
  /** Per row, the problem with its key (an empty value only blocks Save: there is nothing wrong to show). */
  keys: Array<string | undefined>;
  /** About the request as a whole (size, number of keys). */
  form?: string;
  /** Save stays disabled: a problem above, or a field still empty (not shown as an error while untouched). */
  blocked: boolean;
}

function firstIssue(schema: { safeParse(value: unknown): { success: boolean; error?: { issues: Array<{ message: string }> } } }, value: unknown) {
  const parsed = schema.safeParse(value);
  return parsed.success ? undefined : parsed.error?.issues[0]?.message;
}

/** The body of `PUT …/secrets/:name` for a draft. */
export function writeRequestOf(draft: SecretDraft): WriteSecretRequest {
  const request: WriteSecretRequest = {};
  if (draft.rows.length) request.set = Object.fromEntries(draft.rows.map(row => [row.key, row.value]));
  if (draft.remove.length) request.remove = [...draft.remove];
  return request;
}

/** The editor's live problems, with the same schemas the backend parses the request with. */
export function draftProblems(draft: SecretDraft): DraftProblems {
  const name = draft.creating && draft.name ? firstIssue(secretNameSchema, draft.name) : undefined;
  const counts = new Map<string, number>();
  draft.rows.forEach(row => counts.set(row.key, (counts.get(row.key) ?? 0) + 1));
  const keys = draft.rows.map(row => {
    if (!row.key) return undefined;
    if (row.replacing) return undefined;
    const problem = firstIssue(secretKeySchema, row.key);
    if (problem) return problem;
    if ((counts.get(row.key) ?? 0) > 1) return `${row.key} is in the list twice; keep one row`;
    if (draft.remove.includes(row.key)) return `${row.key} is marked for removal above; undo that and use Replace value instead`;
    if (draft.existingKeys.includes(row.key)) return `${row.key} is already set; use Replace value above to change it`;
    return undefined;
  });

  let form: string | undefined;
  const nothing = draft.rows.length === 0 && draft.remove.length === 0;
  if (!nothing) {
    const parsed = writeSecretRequestSchema.safeParse(writeRequestOf(draft));
    // Per-key problems are shown at their rows; the request-wide ones (size, count) here.
    if (!parsed.success) form = parsed.error.issues.find(issue => issue.path.length <= 1 && !issue.message.startsWith('Give a value'))?.message;
  }
  const empty = (draft.creating && !draft.name) || draft.rows.some(row => !row.key || !row.value);
  const blocked = nothing || empty || Boolean(name || form) || keys.some(Boolean);
  return { name, keys, form, blocked };
}
