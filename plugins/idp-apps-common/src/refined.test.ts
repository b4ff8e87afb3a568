import { z } from 'zod/v3';
import { AddIssue, refined, refinedBy } from './refined';

// The same rules through zod's own superRefine/refine and through refined/refinedBy: results must be identical.
const noDuplicates = (items: { name: string }[], addIssue: AddIssue) => {
  const seen = new Set<string>();
  items.forEach((item, index) => {
    if (seen.has(item.name)) addIssue({ code: 'custom', path: [index, 'name'], message: `${item.name} twice` });
    seen.add(item.name);
  });
};
const notBoth = (item: { a?: string; b?: string }, addIssue: AddIssue) => {
  if (item.a !== undefined && item.b !== undefined) addIssue({ code: 'custom', path: ['b'], message: 'a or b' });
  if (item.a === undefined && item.b === undefined) addIssue({ code: 'custom', message: 'a or b, one of them' });
};
const name = z.string({ invalid_type_error: 'text' }).regex(/^[a-z]+$/, 'lowercase');
const even = (text: string) => text.length % 2 === 0;

const viaZod = z
  .array(
    z
      .object({ name, a: z.string().refine(even, 'even a').optional(), b: z.string().optional() })
      .strict()
      .superRefine((item, ctx) => notBoth(item, issue => ctx.addIssue(issue))),
  )
  .superRefine((items, ctx) => noDuplicates(items, issue => ctx.addIssue(issue)));

const viaRefined = refined(
  z.array(refined(z.object({ name, a: refinedBy(z.string(), even, 'even a').optional(), b: z.string().optional() }).strict(), notBoth)),
  noDuplicates,
);

describe('refined', () => {
  it.each([
    ['valid', [{ name: 'x', a: 'ab' }, { name: 'y', b: 'c' }]],
    ['refinements on every level', [{ name: 'x', a: 'abc', b: 'c' }, { name: 'x' }]],
    ['a failed regex still runs the refinements', [{ name: 'X1', a: 'a' }, { name: 'X1', b: 'b' }]],
    ['a wrong type skips the refinements of what contains it', [{ name: 1, a: 'abc', b: 'c' }, { name: 'y', a: 'ab' }]],
    ['unknown keys', [{ name: 'x', a: 'ab', c: 1 }]],
    ['not a list', { name: 'x' }],
    ['missing', undefined],
  ])('%s', (_, input) => {
    expect(viaRefined.safeParse(input)).toEqual(viaZod.safeParse(input));
    expect(JSON.stringify(viaRefined.safeParse(input))).toBe(JSON.stringify(viaZod.safeParse(input)));
  });

  it('parses asynchronously too', async () => {
    const input = [{ name: 'x', a: 'abc', b: 'c' }, { name: 'x' }];
    expect(await viaRefined.safeParseAsync(input)).toEqual(await viaZod.safeParseAsync(input));
  });
});
