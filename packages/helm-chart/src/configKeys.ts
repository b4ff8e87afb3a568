import ts from 'typescript';

/**
 * Every setting path a plugin's config.d.ts declares, e.g. `slipway.environments.types.*.quota.cpu`: property
 * names joined with dots, `*` for an index signature (`{ [type: string]: … }`), array elements transparent.
 * Only the `Config` interface's type literals are walked, which is how every Slipway config.d.ts is written.
 */
export function declaredConfigKeys(configDts: string, fileName = 'config.d.ts'): Set<string> {
  const source = ts.createSourceFile(fileName, configDts, ts.ScriptTarget.Latest, true);
  const keys = new Set<string>();
  const walk = (node: ts.Node | undefined, path: string[]): void => {
    if (!node) return;
    if (ts.isTypeLiteralNode(node) || ts.isInterfaceDeclaration(node)) {
      for (const member of node.members) {
        if (ts.isPropertySignature(member) && member.name) {
          const next = [...path, member.name.getText(source).replace(/^['"]|['"]$/g, '')];
          keys.add(next.join('.'));
          walk(member.type, next);
        } else if (ts.isIndexSignatureDeclaration(member)) {
          const next = [...path, '*'];
          keys.add(next.join('.'));
          walk(member.type, next);
        }
      }
    } else if (ts.isArrayTypeNode(node)) {
      walk(node.elementType, path);
    } else if (ts.isTypeReferenceNode(node) && node.typeName.getText(source) === 'Array') {
      walk(node.typeArguments?.[0], path);
    } else if (ts.isUnionTypeNode(node)) {
      node.types.forEach(t => walk(t, path));
    } else if (ts.isParenthesizedTypeNode(node)) {
      walk(node.type, path);
    }
  };
  source.forEachChild(node => {
    if (ts.isInterfaceDeclaration(node) && node.name.text === 'Config') {
      walk(node, []);
    }
  });
  return keys;
}

/**
 * The `slipway.*` settings a Markdown text names in code spans, as config paths: `<type>`-style placeholders
 * become `*`. Example: "`slipway.environments.types.<type>.quota`" → `slipway.environments.types.*.quota`.
 */
export function settingsNamedIn(markdown: string): string[] {
  const found = new Set<string>();
  for (const [, span] of markdown.matchAll(/`([^`\n]+)`/g)) {
    for (const [key] of span.matchAll(/\bslipway(?:\.(?:<[^>]+>|[A-Za-z0-9_-]+))+/g)) {
      found.add(key.replace(/<[^>]+>/g, '*'));
    }
  }
  return [...found].sort();
}
