import { Document, stringify } from 'yaml';

/** How manifests have always been written: no anchors for repeated objects, no line folding. */
const YAML_OPTIONS = { aliasDuplicateObjects: false, lineWidth: 0 } as const;

// yaml's rules (its stringifyString): text is quoted when its characters need it…
const NEEDS_QUOTES = /^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/;
// …or when it would read back as another type of yaml's schema ("8080", "true", "null", "1e3", "").
const READS_AS_OTHER_TYPE: RegExp[] = (() => {
  const { schema } = new Document(null, YAML_OPTIONS);
  return [...schema.tags, ...(schema.compat ?? [])]
    .filter(tag => tag.default && tag.tag !== 'tag:yaml.org,2002:str')
    .flatMap(tag => ('test' in tag && tag.test instanceof RegExp ? [tag.test] : []));
})();
// This writer covers printable ASCII text, short enough to stay an implicit key when quoted;
// escapes, newlines (block scalars), non-ASCII and document markers are left to yaml.
const MAX_TEXT = 500;
const LEFT_TO_YAML = /[^\x20-\x7e]|^(?:---|\.\.\.)/;
// Plain text, the common case, takes one test (tests with flags, none today, cannot join it).
const OTHER_TYPE_SOURCES = READS_AS_OTHER_TYPE.filter(test => !test.flags).map(test => `(?:${test.source})`);
const OTHER_TYPE_WITH_FLAGS = READS_AS_OTHER_TYPE.filter(test => test.flags);
const NOT_PLAIN = new RegExp([`^(?:${OTHER_TYPE_SOURCES.join('|')})`, NEEDS_QUOTES.source, LEFT_TO_YAML.source].join('|'));
// Deeper than this is not a manifest; yaml decides what happens.
const MAX_INDENT = 128;

function scalarText(text: string): string | undefined {
  if (text.length > MAX_TEXT) return undefined;
  if (!NOT_PLAIN.test(text) && !OTHER_TYPE_WITH_FLAGS.some(test => test.test(text))) return text;
  if (LEFT_TO_YAML.test(text)) return undefined;
  // Like yaml: single quotes when that avoids escaping a double quote, else JSON's double-quoted text.
  return text.includes('"') && !text.includes("'") ? `'${text}'` : JSON.stringify(text);
}

// Keys repeat in every manifest (apiVersion, metadata, the labels), so their YAML is remembered.
const KEY_CACHE_SIZE = 1000;
const keyCache = new Map<string, string | undefined>();

function keyText(key: string): string | undefined {
  const cached = keyCache.get(key);
  if (cached !== undefined || keyCache.has(key)) return cached;
  const text = scalarText(key);
  if (keyCache.size >= KEY_CACHE_SIZE) keyCache.clear();
  keyCache.set(key, text);
  return text;
}

// What yaml writes as a mapping of its own keys: not a Map, an iterable (a sequence) or something with toJSON.
const isPlainObject = (value: object): value is Record<string, unknown> => {
  const prototype = Object.getPrototypeOf(value);
  return (prototype === Object.prototype || prototype === null) && typeof (value as { toJSON?: unknown }).toJSON !== 'function' && !(Symbol.iterator in value);
};

/** The block YAML yaml writes for a JSON-like value at this indent; undefined for anything this writer does not cover. */
function blockYaml(value: unknown, indent: string): string | undefined {
  switch (typeof value) {
    case 'string':
      return scalarText(value);
    case 'number':
      return Number.isSafeInteger(value) && !Object.is(value, -0) ? String(value) : undefined;
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      if (value === null || indent.length > MAX_INDENT) return undefined;
      if (Array.isArray(value)) return sequence(value, indent);
      return isPlainObject(value) ? mapping(value, indent) : undefined;
    default:
      return undefined;
  }
}

function mapping(map: Record<string, unknown>, indent: string): string | undefined {
  const inner = `${indent}  `;
  let text = '';
  for (const key of Object.keys(map)) {
    const value = map[key];
    if (value === undefined) continue; // yaml leaves undefined out
    const written = keyText(key);
    const valueText = blockYaml(value, inner);
    if (written === undefined || valueText === undefined) return undefined;
    // A non-empty collection starts on the next line; a scalar or an empty {} / [] stays on the key's.
    const nested = typeof value === 'object' && valueText !== '{}' && valueText !== '[]';
    const pair = nested ? `${written}:\n${inner}${valueText}` : `${written}: ${valueText}`;
    text += text ? `\n${indent}${pair}` : pair;
  }
  return text || '{}';
}

function sequence(items: unknown[], indent: string): string | undefined {
  if (items.length === 0) return '[]';
  const inner = `${indent}  `;
  let text = '';
  for (let i = 0; i < items.length; i++) {
    const itemText = blockYaml(items[i], inner);
    if (itemText === undefined) return undefined;
    text += i === 0 ? `- ${itemText}` : `\n${indent}- ${itemText}`;
  }
  return text;
}

/**
 * One manifest as a YAML document, byte for byte what `yaml`'s stringify writes with
 * YAML_OPTIONS. The judge path renders on every keystroke of the form's preview and building
 * yaml's document model was most of its time, so JSON-like manifests (plain objects, arrays,
 * printable ASCII text, safe integers, booleans) are written directly; anything else (null,
 * fractions, escapes, multi-line text…) goes to yaml itself.
 */
export function manifestYaml(manifest: object): string {
  const text = isPlainObject(manifest) ? mapping(manifest, '') : undefined;
  return text === undefined ? stringify(manifest, YAML_OPTIONS) : `${text}\n`;
}
