import type { ReactNode } from 'react';

/** What a field's control must carry so its label, hint and error are tied to it. */
export interface ControlProps {
  id: string;
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
}

interface Props {
  /** The control's id; the hint and the error take `${id}-hint` and `${id}-err`. */
  id: string;
  label: ReactNode;
  /** Shown under the control, unless an error takes its place. */
  hint?: ReactNode;
  error?: string | null | undefined;
  /** Renders the control (input, select…) with the given props spread on it. */
  children: (control: ControlProps) => ReactNode;
}

/** One form field: label, control, then its error or else its hint, described to screen readers. */
export function Field({ id, label, hint, error, children }: Props) {
  const errorId = `${id}-err`;
  const hintId = `${id}-hint`;
  const note = error ? errorId : hint ? hintId : undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-invalid': error ? true : undefined, 'aria-describedby': note })}
      {error ? (
        <p className="field-error" id={errorId}>
          {error}
        </p>
      ) : (
        hint && (
          <p className="hint" id={hintId}>
            {hint}
          </p>
        )
      )}
    </div>
  );
}
