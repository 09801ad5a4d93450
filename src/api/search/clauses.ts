import type { FieldRef } from './fields.js';

/** Comparison operators of the value syntax and of smart input. */
export type CompareOp = 'eq' | 'ne' | 'gt' | 'lt' | 'ge' | 'le';

/**
 * One condition on one field. Values are plain strings, already validated for the field's kind;
 * the SQL renderer turns every value into a bind parameter.
 */
export type Condition =
  | { readonly kind: 'compare'; readonly field: FieldRef; readonly op: CompareOp; readonly value: string }
  | {
      readonly kind: 'in';
      readonly field: FieldRef;
      readonly negate: boolean;
      readonly values: readonly string[];
    }
  | {
      readonly kind: 'like';
      readonly field: FieldRef;
      readonly negate: boolean;
      /** One pattern → `LIKE`, several → `LIKE ANY` (`NOT LIKE ALL` when negated). */
      readonly patterns: readonly string[];
    }
  | { readonly kind: 'empty'; readonly field: FieldRef; readonly negate: boolean }
  | { readonly kind: 'null'; readonly field: FieldRef; readonly negate: boolean };

/** Parenthesised clauses (smart input groups). */
export interface Group {
  readonly kind: 'group';
  readonly clauses: readonly Clause[];
}

/**
 * A condition or group and how it joins the one before it. The list is rendered left to right
 * with SQL's usual precedence (AND binds tighter than OR), as homer-app's string building did.
 */
export interface Clause {
  readonly join: 'and' | 'or';
  readonly node: Condition | Group;
}
