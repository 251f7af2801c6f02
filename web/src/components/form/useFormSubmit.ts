import { useState, type FormEvent } from 'react';

/** The part of a TanStack Query mutation a form sends through. */
interface Sender<V> {
  mutate: (variables: V) => void;
  reset: () => void;
}

/**
 * A form's submit handler: `check` first (a message stops the form and is returned as `invalid`,
 * for <FormError>), then `mutation.mutate(variables())`. Either way the last answer's error goes.
 */
export function useFormSubmit<V>(mutation: Sender<V>, check: () => string | null, variables: () => V) {
  const [invalid, setInvalid] = useState<string | null>(null);
  function submit(e: FormEvent) {
    e.preventDefault();
    mutation.reset();
    const problem = check();
    setInvalid(problem);
    if (problem === null) mutation.mutate(variables());
  }
  return { invalid, submit };
}
