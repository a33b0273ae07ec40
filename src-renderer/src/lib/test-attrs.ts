import type { InputHTMLAttributes } from 'vue';

/** Puts a data-testid on the real <input> inside a Naive UI input, where tests type into it. */
export function inputTestId(id: string): InputHTMLAttributes {
  return { 'data-testid': id } as InputHTMLAttributes;
}
