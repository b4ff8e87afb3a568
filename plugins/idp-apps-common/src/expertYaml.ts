import type { FieldError, KubernetesManifest } from '@internal/plugin-idp-environments-common';
import { CST, Composer, Document, LineCounter, Lexer, Parser, isScalar, visit } from 'yaml';

/**
 * What Slipway reads of YAML a developer writes (expert mode's edited manifests, Score files), so
 * a request answers with field errors within bounded time and memory whatever it carries.
 * The request body itself is capped at 1 MB by the backend.
 */
export const YAML_LIMITS = {
  /** Size of the text, in UTF-8 bytes. */
  maxBytes: 256 * 1024,
  /** Documents (between `---`) in expert mode's YAML; a Score file has exactly one. */
  maxDocuments: 50,
  /** Alias references (`*name`) in one text, and how far the aliases of one document may expand (yaml's maxAliasCount). */
  maxAliases: 100,
  /** Anchors (`&name`) and tags (`!tag`), each, in one text. */
  maxAnchorsAndTags: 100,
  /** Directives (`%YAML`, `%TAG`) in one text. */
  maxDirectives: 10,
  /** Syntax errors found before reading stops. */
  maxSyntaxErrors: 100,
  /** How deep maps and lists nest; Kubernetes objects need about a dozen levels. */
  maxDepth: 32,
  /** Entries of one map or list. */
  maxItems: 1000,
  /** Errors reported; the rest are counted in one last line. */
  maxErrors: 20,
} as const;

// What the parser gathers between two entries of a map or list; a long comment block is a few hundred.
const MAX_TOKENS_BETWEEN_ENTRIES = 10_000;

// A message or field that quotes the input stays readable (and small) however long the input is.
const MAX_MESSAGE_CHARS = 500;
const MAX_FIELD_CHARS = 200;
const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max)}…` : text);

/** At most YAML_LIMITS.maxErrors errors, then one saying how many more there are, under `field`. */
export function limitFieldErrors(errors: FieldError[], field: string): FieldError[] {
  const shown = errors.slice(0, YAML_LIMITS.maxErrors).map(e => ({ field: clip(e.field, MAX_FIELD_CHARS), message: clip(e.message, MAX_MESSAGE_CHARS) }));
  const more = errors.length - shown.length;
  return more > 0 ? [...shown, { field, message: `…and ${more} more; fix the errors above first` }] : shown;
}

/** UTF-8 length without encoding the text. */
function utf8Bytes(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code < 0xdc00 && i + 1 < text.length) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

const kib = (bytes: number) => Math.ceil(bytes / 1024);

/** Why the text is refused as a whole: more than YAML_LIMITS allows. */
export function yamlSizeProblem(text: string, what: string): string | undefined {
  if (text.length * 3 <= YAML_LIMITS.maxBytes) return undefined;
  const bytes = utf8Bytes(text);
  return bytes > YAML_LIMITS.maxBytes ? `${what} is ${kib(bytes)} KiB; Slipway reads at most ${kib(YAML_LIMITS.maxBytes)} KiB` : undefined;
}

/** One document as plain data, or what is wrong with it (`path` is inside the document). */
export interface YamlDocument {
  value: unknown;
  errors: { path?: string; message: string }[];
}

export type YamlReadResult =
  | { success: true; documents: YamlDocument[] }
  /** Over one of YAML_LIMITS: not read further. `document` is the index of the document it was found in. */
  | { success: false; document?: number; message: string };

// Keys JavaScript gives a meaning: `toString: x` makes String(object) throw, `__proto__` is no field of anything.
const RESERVED_KEYS = new Set(['__proto__', 'toString', 'valueOf']);

/** Whether a collection contains itself: yaml turns `&a [*a]` into a list that holds itself, which no manifest can be. */
function refersToItself(value: unknown, ancestors = new Set<object>()): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (ancestors.has(value)) return true;
  if (ancestors.size > YAML_LIMITS.maxDepth) return false;
  ancestors.add(value);
  const cyclic = Object.values(value).some(child => refersToItself(child, ancestors));
  ancestors.delete(value);
  return cyclic;
}

// An alias can make a document refer to itself (`&a [*a]`): each collection is walked once, and never deeper than maxDepth.
function reservedKeyPaths(value: unknown, path: string, found: string[], seen = new Set<object>(), depth = 0) {
  if (found.length >= YAML_LIMITS.maxErrors || typeof value !== 'object' || value === null) return;
  if (seen.has(value) || depth > YAML_LIMITS.maxDepth) return;
  seen.add(value);
  if (Array.isArray(value)) {
    value.forEach((item, index) => reservedKeyPaths(item, `${path}[${index}]`, found, seen, depth + 1));
    return;
  }
  for (const key of Object.keys(value)) {
    const at = path ? `${path}.${key}` : key;
    if (RESERVED_KEYS.has(key)) found.push(at);
    else reservedKeyPaths((value as Record<string, unknown>)[key], at, found, seen, depth + 1);
  }
}

/** Where a map repeats a key, as yaml's uniqueKeys would find it: equal scalar values (a collection as key is never equal). */
function duplicateKeys(document: Document.Parsed): number[] {
  const offsets: number[] = [];
  visit(document, {
    Map(_, map) {
      const seen = new Set<unknown>();
      for (const { key } of map.items) {
        if (!isScalar(key)) continue;
        if (seen.has(key.value)) offsets.push(key.range?.[0] ?? 0);
        seen.add(key.value);
      }
    },
  });
  return offsets;
}

/**
 * YAML text as documents of plain data, within YAML_LIMITS. The lexer, parser and composer run
 * as one stream and stop at the first limit crossed, so no input costs more than the limits
 * allow; the core schema is used whatever the text's `%YAML` directive says (no sets, dates or
 * binaries). Never throws.
 */
export function readYaml(text: string, options: { what: string; maxDocuments: number; tooManyDocuments: string }): YamlReadResult {
  const tooLarge = yamlSizeProblem(text, options.what);
  if (tooLarge) return { success: false, message: tooLarge };
  const lineCounter = new LineCounter();
  lineCounter.addNewLine(0);
  const parser = new Parser(lineCounter.addNewLine);
  // Unique keys are checked below in linear time; yaml's own check compares every pair of keys.
  const composer = new Composer({ schema: 'core', uniqueKeys: false });
  const composed: Document.Parsed[] = [];
  let finished = 0; // documents the parser has completed; the one being read has this index
  const counts = { alias: 0, anchor: 0, tag: 0, directive: 0, error: 0 };
  let firstError: CST.ErrorToken | undefined;
  const line = () => lineCounter.linePos(parser.offset).line;
  const refuse = (message: string): YamlReadResult => ({ success: false, document: finished, message });
  const compose = (tokens: Iterable<CST.Token>): YamlReadResult | undefined => {
    for (const token of tokens) {
      if (token.type === 'document' && ++finished > options.maxDocuments) return { success: false, message: options.tooManyDocuments };
      if (token.type === 'error' && ++counts.error > YAML_LIMITS.maxSyntaxErrors) {
        firstError ??= token;
        const first = `Line ${lineCounter.linePos(firstError.offset).line}: ${firstError.message}`;
        return refuse(`${first}, and more than ${YAML_LIMITS.maxSyntaxErrors} other syntax errors after it; fix the YAML syntax`);
      }
      if (token.type === 'error') firstError ??= token;
      for (const document of composer.next(token)) composed.push(document);
    }
    return undefined;
  };

  let scalarNext = false;
  for (const lexeme of new Lexer().lex(text)) {
    if (scalarNext) scalarNext = false;
    else if (lexeme === CST.SCALAR) scalarNext = true;
    else {
      const type = CST.tokenType(lexeme);
      if (type === 'alias' && ++counts.alias > YAML_LIMITS.maxAliases) {
        return refuse(`Line ${line()}: more than ${YAML_LIMITS.maxAliases} aliases (*name); write the values out instead`);
      }
      if ((type === 'anchor' || type === 'tag') && ++counts[type] > YAML_LIMITS.maxAnchorsAndTags) {
        return refuse(`Line ${line()}: more than ${YAML_LIMITS.maxAnchorsAndTags} ${type}s (${type === 'tag' ? '!tag' : '&name'}); remove them, Kubernetes objects need none`);
      }
      if (type === 'directive-line' && ++counts.directive > YAML_LIMITS.maxDirectives) {
        return refuse(`Line ${line()}: more than ${YAML_LIMITS.maxDirectives} directives (%…); remove them, Kubernetes objects need none`);
      }
    }
    const stopped = compose(parser.next(lexeme));
    if (stopped) return stopped;
    // The parser's stack is the document, the maps and lists it is inside, and a scalar.
    const { stack } = parser;
    if (stack.length > YAML_LIMITS.maxDepth + 2) {
      return refuse(`Line ${line()}: maps and lists nest more than ${YAML_LIMITS.maxDepth} deep; Kubernetes objects are not that deep, so flatten it`);
    }
    const top = stack[stack.length - 1];
    if (top && 'items' in top && top.items.length > YAML_LIMITS.maxItems) {
      return refuse(`Line ${line()}: a map or list has more than ${YAML_LIMITS.maxItems} entries; split it up or move the data out of the YAML`);
    }
    // Commas, colons, comments and blank lines gather between two entries (each stray one an error of its own).
    const item = top && 'items' in top ? top.items[top.items.length - 1] : undefined;
    const between = top?.type === 'document' ? top.start.length + (top.end?.length ?? 0) : (item?.start.length ?? 0) + (item?.sep?.length ?? 0);
    if (between > MAX_TOKENS_BETWEEN_ENTRIES) {
      return refuse(`Line ${line()}: more than ${MAX_TOKENS_BETWEEN_ENTRIES} commas, colons, comments or blank lines in a row; fix the YAML syntax`);
    }
  }
  const stopped = compose(parser.end());
  if (stopped) return stopped;
  for (const document of composer.end(false, text.length)) composed.push(document);

  const at = (offset: number) => `Line ${lineCounter.linePos(offset).line}: `;
  const syntax = (error: { pos: [number, number]; message: string }) => ({ message: `${at(error.pos[0])}${error.message.split('\n')[0]}; fix the YAML syntax` });
  if (composed.length === 0) {
    const { errors } = composer.streamInfo();
    return { success: true, documents: errors.length > 0 ? [{ value: undefined, errors: errors.map(syntax) }] : [] };
  }
  const documents: YamlDocument[] = [];
  for (const [index, document] of composed.entries()) {
    const errors = [...document.errors.map(syntax), ...duplicateKeys(document).map(offset => ({ message: `${at(offset)}Map keys must be unique; remove or rename the repeated key` }))];
    if (errors.length > 0) {
      documents.push({ value: undefined, errors });
      continue;
    }
    let value: unknown;
    try {
      value = document.toJS({ maxAliasCount: YAML_LIMITS.maxAliases });
    } catch (error) {
      if (/alias/i.test(String((error as Error)?.message))) {
        return { success: false, document: index, message: `Its aliases (*name) expand to more than ${YAML_LIMITS.maxAliases} copies; write the values out instead` };
      }
      documents.push({ value: undefined, errors: [{ message: `${(error as Error)?.message ?? String(error)}; fix the YAML` }] });
      continue;
    }
    if (refersToItself(value)) {
      documents.push({ value: undefined, errors: [{ message: 'An alias (*name) refers to the map or list it is in; write the values out instead' }] });
      continue;
    }
    const reserved: string[] = [];
    reservedKeyPaths(value, '', reserved);
    documents.push({ value, errors: reserved.map(path => ({ path, message: `${path.split('.').pop()} is a name JavaScript reserves and no Kubernetes or Score field; remove it or rename it` })) });
  }
  return { success: true, documents };
}

export type ParseManifestsResult =
  | { success: true; manifests: KubernetesManifest[] }
  /** `overLimit`: the text crosses one of YAML_LIMITS and was not read to the end; a request carrying it is refused. */
  | { success: false; errors: FieldError[]; overLimit?: true };

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'string' ? 'text' : `a ${typeof value}`;
}

/**
 * Expert mode: the rendered YAML as the developer edited it, back into manifests for the guard
 * rails. Each error names the document (`documents[1].kind`) and says what to fix; at most
 * YAML_LIMITS.maxErrors are listed. Never throws, whatever the text.
 */
export function parseManifestsYaml(text: string): ParseManifestsResult {
  const read = readYaml(text, {
    what: 'The YAML',
    maxDocuments: YAML_LIMITS.maxDocuments,
    tooManyDocuments: `More than ${YAML_LIMITS.maxDocuments} documents; an app is a handful of Kubernetes objects, so remove the ones it does not need`,
  });
  if (!read.success) return { success: false, overLimit: true, errors: [{ field: read.document === undefined ? 'documents' : `documents[${read.document}]`, message: read.message }] };
  const errors: FieldError[] = [];
  const manifests: KubernetesManifest[] = [];
  read.documents.forEach(({ value, errors: problems }, index) => {
    const field = `documents[${index}]`;
    for (const problem of problems) errors.push({ field: problem.path ? `${field}.${problem.path}` : field, message: problem.message });
    if (problems.length > 0) return;
    if (value === null || value === undefined) return; // an empty document between two ---
    if (typeof value !== 'object' || Array.isArray(value)) {
      errors.push({ field, message: `Each document must be one Kubernetes object with apiVersion, kind and metadata; this one is ${describe(value)}` });
      return;
    }
    const object = value as Record<string, unknown>;
    for (const key of ['apiVersion', 'kind'] as const) {
      if (typeof object[key] !== 'string' || object[key] === '') errors.push({ field: `${field}.${key}`, message: `Give the object's ${key}, e.g. ${key === 'kind' ? 'Deployment' : 'apps/v1'}` });
    }
    const metadata = object.metadata;
    if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
      errors.push({ field: `${field}.metadata`, message: 'Give the object metadata with its name, e.g. metadata: {name: web}' });
    } else if (typeof (metadata as Record<string, unknown>).name !== 'string' || (metadata as Record<string, unknown>).name === '') {
      errors.push({ field: `${field}.metadata.name`, message: 'Give the object a name under metadata.name' });
    }
    manifests.push(value as KubernetesManifest);
  });
  if (errors.length > 0) return { success: false, errors: limitFieldErrors(errors, 'documents') };
  if (manifests.length === 0) return { success: false, errors: [{ field: 'documents', message: 'Give at least one Kubernetes object' }] };
  return { success: true, manifests };
}
