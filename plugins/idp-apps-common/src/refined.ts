import { z } from 'zod/v3';

/** Reports a problem with the refined value; `path` is relative to it. */
export type AddIssue = (issue: z.IssueData) => void;
export type Refinement<T> = (value: T, addIssue: AddIssue) => void;

interface RefinedDef<T extends z.ZodTypeAny> extends z.ZodTypeDef {
  schema: T;
  refinement: Refinement<z.output<T>>;
}

/**
 * `schema.superRefine(refinement)` with the same issues in the same order: the refinement runs
 * unless the schema aborted (a wrong type), after the schema's own issues, and an issue makes
 * the result dirty. Not a ZodEffects, because each ZodEffects parse builds an object literal
 * with a getter, which V8 keeps alive past the next minor GC together with the whole parse
 * context: with about nine refinements a spec, the judge path spent some 15% of its time in GC.
 */
export class Refined<T extends z.ZodTypeAny> extends z.ZodType<z.output<T>, RefinedDef<T>, z.input<T>> {
  _parse(input: z.ParseInput): z.ParseReturnType<z.output<T>> {
    const result = this._def.schema._parse(input);
    return z.isAsync(result) ? result.then(settled => this.applyRefinement(settled, input)) : this.applyRefinement(result, input);
  }

  private applyRefinement(result: z.SyncParseReturnType<z.output<T>>, input: z.ParseInput): z.SyncParseReturnType<z.output<T>> {
    if (result.status === 'aborted') return z.INVALID;
    let dirty = result.status === 'dirty';
    this._def.refinement(result.value, issue => {
      z.addIssueToContext(this._getOrReturnCtx(input), issue);
      dirty = true;
    });
    return dirty ? { status: 'dirty', value: result.value } : result;
  }
}

/** `schema` checked further by `refinement`; see Refined. */
export const refined = <T extends z.ZodTypeAny>(schema: T, refinement: Refinement<z.output<T>>): Refined<T> => new Refined({ schema, refinement });

/** `schema.refine(check, message)`: one custom issue with `message` when `check` fails. */
export const refinedBy = <T extends z.ZodTypeAny>(schema: T, check: (value: z.output<T>) => boolean, message: string): Refined<T> =>
  refined(schema, (value, addIssue) => {
    if (!check(value)) addIssue({ code: z.ZodIssueCode.custom, message });
  });
