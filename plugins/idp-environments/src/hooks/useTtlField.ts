import { EnvironmentType, EnvironmentTypeDescription } from '@internal/plugin-idp-environments-common';
import { useState } from 'react';

const defaultTtl = (typeDescription?: EnvironmentTypeDescription) =>
  typeDescription?.ttlDays === undefined ? '' : String(typeDescription.ttlDays);

/**
 * The time-to-live field of an environment form: what the user typed for the chosen type, else that
 * type's default ('' for a type that never expires). Derived while rendering, not set by an effect,
 * so the field never shows empty before its default. Each type keeps its own typed value: switching
 * type shows that type's, and switching back shows what was typed before.
 */
export function useTtlField(type: EnvironmentType, typeDescription?: EnvironmentTypeDescription): [string, (value: string) => void] {
  const [typed, setTyped] = useState<Partial<Record<EnvironmentType, string>>>({});
  const ttl = typed[type] ?? defaultTtl(typeDescription);
  return [ttl, (value: string) => setTyped(previous => ({ ...previous, [type]: value }))];
}
