import { impersonationSubjects, renderClusterSetup } from '@internal/plugin-idp-environments-common';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';

/** The local control plane's cluster setup: the seeded organisation may be impersonated. */
export function localClusterSetup() {
  // This library only runs from the repository (tests, tools), never from a production build.
  // eslint-disable-next-line no-restricted-syntax
  const org = readFileSync(resolve(__dirname, '../../../catalog/org.yaml'), 'utf8');
  const entities = parseAllDocuments(org).map(doc => doc.toJS());
  return renderClusterSetup({ subjects: impersonationSubjects(entities) });
}
