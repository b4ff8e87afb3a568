import type { FieldError, KubernetesManifest } from '@internal/plugin-idp-environments-common';
import { parseAllDocuments } from 'yaml';

export type ParseManifestsResult = { success: true; manifests: KubernetesManifest[] } | { success: false; errors: FieldError[] };

/**
 * Expert mode: the rendered YAML as the developer edited it, back into manifests for the guard
 * rails. Each error names the document (`documents[1].kind`) and says what to fix.
 */
export function parseManifestsYaml(text: string): ParseManifestsResult {
  const documents = parseAllDocuments(text);
  const errors: FieldError[] = [];
  const manifests: KubernetesManifest[] = [];
  documents.forEach((document, index) => {
    const field = `documents[${index}]`;
    for (const error of document.errors) {
      const line = error.linePos?.[0].line;
      errors.push({ field, message: `${line ? `Line ${line}: ` : ''}${error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}; fix the YAML syntax` });
    }
    if (document.errors.length > 0) return;
    const value = document.toJS();
    if (value === null || value === undefined) return; // an empty document between two ---
    if (typeof value !== 'object' || Array.isArray(value)) {
      errors.push({ field, message: 'Each document must be one Kubernetes object with apiVersion, kind and metadata' });
      return;
    }
    for (const key of ['apiVersion', 'kind'] as const) {
      if (typeof value[key] !== 'string' || value[key] === '') errors.push({ field: `${field}.${key}`, message: `Give the object's ${key}, e.g. ${key === 'kind' ? 'Deployment' : 'apps/v1'}` });
    }
    if (typeof value.metadata?.name !== 'string' || value.metadata.name === '') {
      errors.push({ field: `${field}.metadata.name`, message: 'Give the object a name under metadata.name' });
    }
    manifests.push(value as KubernetesManifest);
  });
  if (errors.length > 0) return { success: false, errors };
  if (manifests.length === 0) return { success: false, errors: [{ field: 'documents', message: 'Give at least one Kubernetes object' }] };
  return { success: true, manifests };
}
