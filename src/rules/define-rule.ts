import type { Rule } from './types.js';

/** Identity at runtime; it exists so a rule file gets its types checked against `Rule`. */
export function defineRule<T>(rule: Rule<T>): Rule<T> {
  return rule;
}
