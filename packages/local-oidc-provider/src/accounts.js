// Reads the seeded users from the catalog's org data, so the identity provider and the catalog
// agree by construction: one file says who exists, their email and their groups.
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';

/**
 * @typedef {{ id: string, email: string, name: string, groups: string[] }} Account
 */

/** @returns {Map<string, Account>} accounts by id (the catalog user name) */
export function loadAccountsFromOrgFile(path) {
  const docs = parseAllDocuments(readFileSync(path, 'utf8')).map(d => d.toJS());
  const accounts = new Map();
  for (const doc of docs) {
    if (doc?.kind !== 'User') continue;
    const id = doc.metadata?.name;
    const email = doc.spec?.profile?.email;
    if (!id || !email) {
      throw new Error(`${path}: every User needs metadata.name and spec.profile.email (found ${JSON.stringify(doc.metadata)})`);
    }
    accounts.set(id, {
      id,
      email,
      name: doc.spec.profile.displayName ?? id,
      groups: [...(doc.spec.memberOf ?? [])],
    });
  }
  if (accounts.size === 0) throw new Error(`${path}: no User entities found`);
  return accounts;
}

/** Finds an account by the name or email typed into the login form. */
export function findAccount(accounts, login) {
  const wanted = String(login ?? '').trim().toLowerCase();
  for (const account of accounts.values()) {
    if (account.id === wanted || account.email.toLowerCase() === wanted) return account;
  }
  return undefined;
}
